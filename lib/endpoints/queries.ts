import { z } from "zod";
import { endpointChanged } from "@/lib/events/endpoint-changes";
import { getConfig } from "@/lib/config/env";
import { getPrisma, selectRows } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { HttpError, notFound } from "@/lib/http/errors";
import { LOCATION_RULE, locationAllowed } from "./response-policy";
import { limitSettings, parseStoredHeaders, responseSettings, type ResponseSettings } from "./settings";
import { newSlug } from "./slug";

/**
 * Every function here takes the owner's id and scopes its query by it: another user's endpoint
 * is indistinguishable from a missing one (404), never a 403 that would confirm it exists.
 */
export const endpointName = z.string().trim().max(100, "must be at most 100 characters");
export const createEndpointInput = z.object({ name: endpointName.optional() });
export const updateEndpointInput = z
  .object({ name: endpointName, response: responseSettings.partial() })
  .extend(limitSettings.shape)
  .partial()
  .refine((v) => Object.keys(v).length > 0, "nothing to update");
export type UpdateEndpointInput = z.infer<typeof updateEndpointInput>;

const fields = {
  id: true, slug: true, name: true, createdAt: true, responseStatus: true, responseHeaders: true,
  responseBody: true, responseDelayMs: true, maxRequests: true, rateLimitPerMinute: true,
} as const;

export type EndpointRecord = {
  id: string; slug: string; name: string | null; createdAt: Date;
  response: ResponseSettings; maxRequests: number; rateLimitPerMinute: number | null;
};

type Row = Prisma.EndpointGetPayload<{ select: typeof fields }>;
function toRecord(e: Row): EndpointRecord {
  return {
    id: e.id,
    slug: e.slug,
    name: e.name,
    createdAt: e.createdAt,
    response: { status: e.responseStatus, headers: parseStoredHeaders(e.responseHeaders), body: e.responseBody, delayMs: e.responseDelayMs },
    maxRequests: e.maxRequests,
    rateLimitPerMinute: e.rateLimitPerMinute,
  };
}

export async function listEndpoints(userId: string): Promise<EndpointRecord[]> {
  const rows = await getPrisma().endpoint.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: fields });
  return rows.map(toRecord);
}

export async function getEndpoint(userId: string, id: string): Promise<EndpointRecord> {
  const endpoint = await getPrisma().endpoint.findFirst({ where: { id, userId }, select: fields });
  if (!endpoint) throw notFound("Endpoint not found");
  return toRecord(endpoint);
}

/** A new endpoint's own columns: a fresh slug and the configured default cap. */
export function newEndpointData(name?: string) {
  return { name: name || null, slug: newSlug(), maxRequests: getConfig().MAX_REQUESTS_PER_ENDPOINT };
}

/** What every new account starts with, so the first page after sign-up already has a URL to paste. */
export const FIRST_ENDPOINT_NAME = "My first endpoint";

/**
 * 404 unless the user owns the endpoint; for callers that need none of its settings. Every live
 * stream opened checks this, so it is one statement on the driver adapter (`selectRows` says why).
 */
export async function assertOwnsEndpoint(userId: string, id: string): Promise<void> {
  const rows = await selectRows(getPrisma(), `SELECT 1 FROM "Endpoint" WHERE "id" = ? AND "userId" = ?`, [id, userId]);
  if (!rows.length) throw notFound("Endpoint not found");
}

export async function createEndpoint(userId: string, name?: string): Promise<EndpointRecord> {
  const row = await getPrisma().endpoint.create({ data: { userId, ...newEndpointData(name) }, select: fields });
  return toRecord(row);
}

export async function updateEndpoint(userId: string, id: string, input: UpdateEndpointInput): Promise<EndpointRecord> {
  const r = input.response ?? {};
  if (r.headers) {
    const { slug } = await getEndpoint(userId, id);
    const bad = r.headers.findIndex(([n, v]) => n.toLowerCase() === "location" && !locationAllowed(v, slug));
    if (bad !== -1) throw new HttpError("validation_failed", `response.headers.${bad}.1: ${LOCATION_RULE}`, `response.headers.${bad}.1`);
  }
  const { count } = await getPrisma().endpoint.updateMany({
    where: { id, userId },
    data: {
      ...(input.name !== undefined ? { name: input.name || null } : {}),
      ...(r.status !== undefined ? { responseStatus: r.status } : {}),
      ...(r.headers !== undefined ? { responseHeaders: JSON.stringify(r.headers) } : {}),
      ...(r.body !== undefined ? { responseBody: r.body } : {}),
      ...(r.delayMs !== undefined ? { responseDelayMs: r.delayMs } : {}),
      ...(input.maxRequests !== undefined ? { maxRequests: input.maxRequests } : {}),
      ...(input.rateLimitPerMinute !== undefined ? { rateLimitPerMinute: input.rateLimitPerMinute } : {}),
    },
  });
  if (count === 0) throw notFound("Endpoint not found");
  endpointChanged(id);
  return getEndpoint(userId, id);
}

export async function deleteEndpoint(userId: string, id: string): Promise<void> {
  const { count } = await getPrisma().endpoint.deleteMany({ where: { id, userId } });
  if (count === 0) throw notFound("Endpoint not found");
  endpointChanged(id);
}
