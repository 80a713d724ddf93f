import { z } from "zod";
import { getPrisma } from "@/lib/db/client";
import { getEndpoint } from "@/lib/endpoints/queries";
import { eventBus } from "@/lib/events/bus";
import { notFound } from "@/lib/http/errors";
import { hasFilters, searchRequestIds, type RequestFilters } from "./search";

/**
 * Captured requests, always reached through an endpoint the user owns: every query filters on
 * `endpoint: { userId }` as well as the endpoint id.
 */
export const listRequestsInput = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  // Opaque to clients; it is the seq of the last request on the previous page.
  before: z.coerce.number().int().min(1).optional(),
});
export type ListRequestsInput = z.infer<typeof listRequestsInput> & { filters?: RequestFilters };

export const summaryFields = {
  id: true, seq: true, method: true, path: true, query: true, size: true, contentType: true, ip: true, receivedAt: true,
} as const;

const owned = (userId: string, endpointId: string) => ({ endpointId, endpoint: { userId } });

export async function listRequests(userId: string, endpointId: string, { limit, before, filters }: ListRequestsInput) {
  await getEndpoint(userId, endpointId);
  // Filters on headers, body bytes and JSON fields need SQL that Prisma's query API cannot express:
  // find the ids with it, then load typed rows through Prisma as usual.
  const ids = filters && hasFilters(filters) ? await searchRequestIds(endpointId, filters, { before, limit: limit + 1 }) : null;
  const rows = await getPrisma().capturedRequest.findMany({
    where: { ...owned(userId, endpointId), ...(ids ? { id: { in: ids } } : before ? { seq: { lt: before } } : {}) },
    orderBy: { seq: "desc" },
    take: limit + 1,
    select: summaryFields,
  });
  const page = rows.slice(0, limit);
  return { requests: page, nextCursor: rows.length > limit ? String(page[page.length - 1].seq) : null };
}

/** Requests after `afterSeq`, oldest first: what an SSE client missed while disconnected. */
export async function requestsAfter(userId: string, endpointId: string, afterSeq: number, limit: number) {
  return getPrisma().capturedRequest.findMany({
    where: { ...owned(userId, endpointId), seq: { gt: afterSeq } },
    orderBy: { seq: "asc" },
    take: limit,
    select: summaryFields,
  });
}

/** The highest seq currently stored for the endpoint (0 when empty). */
export async function newestSeq(userId: string, endpointId: string): Promise<number> {
  const row = await getPrisma().capturedRequest.findFirst({ where: owned(userId, endpointId), orderBy: { seq: "desc" }, select: { seq: true } });
  return row?.seq ?? 0;
}

export async function getRequest(userId: string, endpointId: string, requestId: string) {
  const row = await getPrisma().capturedRequest.findFirst({ where: { id: requestId, ...owned(userId, endpointId) } });
  if (!row) throw notFound("Request not found");
  return row;
}

/**
 * Records the endpoint's highest seq on the Endpoint row before rows are deleted, so sequence
 * numbers never repeat after a restart (the capture writer resumes from max(rows, this mark)).
 */
export function rememberLastSeq(endpointId: string) {
  return getPrisma().$executeRawUnsafe(
    `UPDATE "Endpoint" SET "lastSeq" = max("lastSeq", coalesce((SELECT MAX("seq") FROM "CapturedRequest" WHERE "endpointId" = ?), 0)) WHERE "id" = ?`,
    endpointId,
    endpointId,
  );
}

export async function deleteRequest(userId: string, endpointId: string, requestId: string) {
  const prisma = getPrisma();
  const [, { count }] = await prisma.$transaction([
    rememberLastSeq(endpointId),
    prisma.capturedRequest.deleteMany({ where: { id: requestId, ...owned(userId, endpointId) } }),
  ]);
  if (count === 0) throw notFound("Request not found");
  eventBus().publish({ type: "deleted", endpointId, id: requestId });
}

export async function clearRequests(userId: string, endpointId: string): Promise<number> {
  await getEndpoint(userId, endpointId);
  const prisma = getPrisma();
  const [, { count }] = await prisma.$transaction([rememberLastSeq(endpointId), prisma.capturedRequest.deleteMany({ where: owned(userId, endpointId) })]);
  eventBus().publish({ type: "cleared", endpointId });
  return count;
}
