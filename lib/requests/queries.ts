import { z } from "zod";
import { getPrisma } from "@/lib/db/client";
import { getEndpoint } from "@/lib/endpoints/queries";
import { eventBus } from "@/lib/events/bus";
import { statesByRequest } from "@/lib/forwarding/delivery-state";
import { notFound } from "@/lib/http/errors";
import { signatureExplainer } from "@/lib/verifications/explain";
import { duplicatesOf } from "./duplicates";
import { presentDetail, presentSummary, type RequestSummaryDto } from "./present";
import { parseSearchQuery, searchRequestIds, searchWindow, type RequestQuery } from "./search";

/**
 * Captured requests, always reached through an endpoint the user owns: every query filters on
 * `endpoint: { userId }` as well as the endpoint id.
 */
export const listRequestsInput = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  // Opaque to clients; it is the seq of the last request on the previous page.
  before: z.coerce.number().int().min(1).optional(),
  // The search query (lib/conditions/query.ts); empty lists everything.
  q: z.string().default(""),
  // Windows into a fixed snapshot, for a list that can jump anywhere (the dashboard's scrollbar):
  // rows with after < seq <= top, newest first, skipping `offset`. `top` defaults to the newest seq
  // now and is returned, so later windows of the same snapshot stay aligned however many arrive.
  top: z.coerce.number().int().min(0).optional(),
  after: z.coerce.number().int().min(0).optional(),
  offset: z.coerce.number().int().min(0).max(100_000_000).default(0),
  // "1": also return how many rows the snapshot holds (a scan when searching: ask once per snapshot).
  count: z.literal("1").optional(),
  // "hide": leave out what live experiments sent (the inbox's toggle).
  experiments: z.enum(["show", "hide"]).default("show"),
});
export type ListRequestsInput = z.infer<typeof listRequestsInput>;

export const summaryFields = {
  id: true, seq: true, method: true, path: true, query: true, size: true, contentType: true, ip: true, receivedAt: true,
  signatureStatus: true, deliveryId: true, experimentId: true,
} as const;

const owned = (userId: string, endpointId: string) => ({ endpointId, endpoint: { userId } });

export async function listRequests(userId: string, endpointId: string, input: ListRequestsInput) {
  const { limit, before, q } = input;
  const query = { ...parseSearchQuery(q), hideExperiments: input.experiments === "hide" };
  await getEndpoint(userId, endpointId);
  if (input.top !== undefined || input.after !== undefined || input.offset > 0 || input.count) return listWindow(userId, endpointId, query, input);
  // Search needs SQL that Prisma's query API cannot express (headers, body bytes, JSON fields):
  // find the page's ids with it, then load typed rows through Prisma as usual.
  const page = await searchRequestIds(endpointId, query, { before, limit });
  const nextCursor = page.nextCursor === null ? null : String(page.nextCursor);
  return { requests: await summaries(endpointId, page.ids), nextCursor, scanLimited: page.scanLimited, top: undefined, total: undefined };
}

/** The window form of the list (top/after/offset/count): see listRequestsInput. */
async function listWindow(userId: string, endpointId: string, query: RequestQuery, input: ListRequestsInput) {
  const top = input.top ?? (await newestSeq(userId, endpointId));
  const page = await searchWindow(endpointId, query, { top, after: input.after, offset: input.offset, limit: input.limit, count: Boolean(input.count) });
  return { requests: await summaries(endpointId, page.ids), nextCursor: null, scanLimited: page.scanLimited, top: top as number | undefined, total: page.total };
}

/**
 * The found rows' summaries, newest first. Looked up by primary key only: with the endpoint in the
 * WHERE, SQLite (without table statistics) walks the endpoint's whole (endpointId, seq) index
 * checking each entry against the id list: measured 77-150 ms per page at 100,000 requests,
 * against ~6 ms by key. The ids come from a search already limited to this endpoint, whose owner
 * listRequests checked first; the endpoint is still compared here so a row of another can never
 * slip through.
 */
async function summaries(endpointId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await getPrisma().capturedRequest.findMany({ where: { id: { in: ids } }, select: { ...summaryFields, endpointId: true } });
  const mine = rows.filter((r) => r.endpointId === endpointId).sort((a, b) => b.seq - a.seq);
  return withForwarding(await withDuplicates(endpointId, mine.map(({ endpointId: _e, ...r }) => r)));
}

/** Each row with its forwarding state (for the dot on its list row), in one query on Delivery's requestId index. */
async function withForwarding<T extends { id: string }>(rows: T[]) {
  const deliveries = rows.length
    ? await getPrisma().delivery.findMany({ where: { requestId: { in: rows.map((r) => r.id) } }, select: { requestId: true, state: true } })
    : [];
  const states = statesByRequest(deliveries);
  return rows.map((r) => ({ ...r, forwarding: states.get(r.id) ?? null }));
}

/** Requests after `afterSeq`, oldest first: what an SSE client missed while disconnected. */
export async function requestsAfter(userId: string, endpointId: string, afterSeq: number, limit: number) {
  return summariesAfter(owned(userId, endpointId), endpointId, afterSeq, limit);
}

/**
 * The same for the live events of another instance's commits (lib/events/cluster-order.ts). Not
 * scoped by owner: they go only to streams whose callers were authorized for the endpoint.
 */
export async function committedRequestsAfter(endpointId: string, afterSeq: number, limit: number): Promise<RequestSummaryDto[]> {
  return (await summariesAfter({ endpointId }, endpointId, afterSeq, limit)).map(presentSummary);
}

async function summariesAfter(where: { endpointId: string }, endpointId: string, afterSeq: number, limit: number) {
  const rows = await getPrisma().capturedRequest.findMany({
    where: { ...where, seq: { gt: afterSeq } },
    orderBy: { seq: "asc" },
    take: limit,
    select: summaryFields,
  });
  return withForwarding(await withDuplicates(endpointId, rows));
}

/** Rows with the earlier request each repeats, if any (duplicates.ts). */
export async function withDuplicates<T extends { id: string; seq: number; deliveryId: string | null }>(endpointId: string, rows: T[]) {
  const dups = await duplicatesOf(endpointId, rows);
  return rows.map((r) => ({ ...r, duplicateOf: dups.get(r.id) ?? null }));
}

/** One request as the detail view shows it: headers, exact body, the signature result explained, and what it repeats. */
export async function getRequestDetail(userId: string, endpointId: string, requestId: string) {
  const [detail] = await presentDetails(endpointId, [await getRequest(userId, endpointId, requestId)]);
  return detail;
}

/** Stored requests of one endpoint as the detail view and the exports show them. */
export async function presentDetails<T extends Parameters<typeof presentDetail>[0] & { deliveryId: string | null; signature: string | null }>(endpointId: string, rows: T[]) {
  const withDup = await withDuplicates(endpointId, rows);
  const details = withDup.map(presentDetail);
  const explain = await signatureExplainer(endpointId, rows.map((r, i) => ({ ...r, headers: details[i].headers })));
  return details.map((d, i) => ({ ...d, signature: explain({ ...rows[i], headers: d.headers }) }));
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

// Deletes never lower Endpoint.lastSeq, the high-water mark of handed-out sequence numbers (the
// capture commit raises it), so numbers never repeat and cursors and Last-Event-IDs stay valid.
export async function deleteRequest(userId: string, endpointId: string, requestId: string) {
  const { count } = await getPrisma().capturedRequest.deleteMany({ where: { id: requestId, ...owned(userId, endpointId) } });
  if (count === 0) throw notFound("Request not found");
  eventBus().publish({ type: "deleted", endpointId, id: requestId });
}

export async function clearRequests(userId: string, endpointId: string): Promise<number> {
  await getEndpoint(userId, endpointId);
  const { count } = await getPrisma().capturedRequest.deleteMany({ where: owned(userId, endpointId) });
  eventBus().publish({ type: "cleared", endpointId });
  return count;
}
