import { inChunks } from "@/lib/db/chunked";
import { getPrisma } from "@/lib/db/client";
import { HttpError } from "@/lib/http/errors";
import { summaryFields } from "./queries";
import { parseSearchQuery, searchRequestIds } from "./search";

/**
 * The pull API's page: requests after a cursor, oldest first. The cursor is a sequence number,
 * which the capture writer hands out in commit order per endpoint and never reuses, so walking
 * `after` forward sees every request exactly once, whatever arrives or is deleted meanwhile.
 * The caller has checked that the user owns the endpoint.
 */
export async function pageAfter(endpointId: string, input: { after: number; limit: number; q: string }) {
  const query = parseSearchQuery(input.q);
  const page = await searchRequestIds(endpointId, query, { after: input.after, limit: input.limit });
  const rows = (await inChunks(page.ids, (ids) => getPrisma().capturedRequest.findMany({ where: { endpointId, id: { in: ids } }, select: summaryFields })))
    .sort((a, b) => a.seq - b.seq);
  if (rows.length === 0 && page.nextCursor === null) await checkCursor(endpointId, input.after);
  // Continue after the last request returned, or after the last one examined when a bounded scan
  // stopped early (search.ts): never before `after`, so a cursor only moves forward.
  const nextAfter = Math.max(input.after, page.nextCursor ?? rows.at(-1)?.seq ?? input.after);
  return { requests: rows, nextAfter, hasMore: page.nextCursor !== null };
}

/** A cursor past every sequence number the endpoint ever handed out is not one we gave: 422. */
export async function checkCursor(endpointId: string, after: number) {
  if (after === 0) return;
  const highest = await highestSeq(endpointId);
  if (after > highest) throw new HttpError("validation_failed", `after: ${after} is not a cursor this endpoint gave out (its newest is ${highest})`, "after");
}

/**
 * The highest sequence number the endpoint handed out so far (stored, or deleted since). Seqs are
 * given out in commit order, so every request up to it is committed: nothing at or below it can
 * still appear.
 */
export async function highestSeq(endpointId: string): Promise<number> {
  const [endpoint, newest] = await Promise.all([
    getPrisma().endpoint.findUnique({ where: { id: endpointId }, select: { lastSeq: true } }),
    getPrisma().capturedRequest.findFirst({ where: { endpointId }, orderBy: { seq: "desc" }, select: { seq: true } }),
  ]);
  return Math.max(endpoint?.lastSeq ?? 0, newest?.seq ?? 0);
}
