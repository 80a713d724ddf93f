import { z } from "zod";
import { getPrisma } from "@/lib/db/client";
import { notFound } from "@/lib/http/errors";
import { newSlug } from "./slug";

/**
 * Every function here takes the owner's id and scopes its query by it: another user's endpoint
 * is indistinguishable from a missing one (404), never a 403 that would confirm it exists.
 */
export const endpointName = z.string().trim().max(100, "must be at most 100 characters");
export const createEndpointInput = z.object({ name: endpointName.optional() });
export const renameEndpointInput = z.object({ name: endpointName });

const publicFields = { id: true, slug: true, name: true, createdAt: true } as const;
export type EndpointRecord = { id: string; slug: string; name: string | null; createdAt: Date };

export async function listEndpoints(userId: string): Promise<EndpointRecord[]> {
  return getPrisma().endpoint.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: publicFields });
}

export async function getEndpoint(userId: string, id: string): Promise<EndpointRecord> {
  const endpoint = await getPrisma().endpoint.findFirst({ where: { id, userId }, select: publicFields });
  if (!endpoint) throw notFound("Endpoint not found");
  return endpoint;
}

export async function createEndpoint(userId: string, name?: string): Promise<EndpointRecord> {
  return getPrisma().endpoint.create({ data: { userId, name: name || null, slug: newSlug() }, select: publicFields });
}

export async function renameEndpoint(userId: string, id: string, name: string): Promise<EndpointRecord> {
  const { count } = await getPrisma().endpoint.updateMany({ where: { id, userId }, data: { name: name || null } });
  if (count === 0) throw notFound("Endpoint not found");
  return getEndpoint(userId, id);
}

export async function deleteEndpoint(userId: string, id: string): Promise<void> {
  const { count } = await getPrisma().endpoint.deleteMany({ where: { id, userId } });
  if (count === 0) throw notFound("Endpoint not found");
}
