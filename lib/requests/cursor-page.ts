import { inChunks } from "@/lib/db/chunked";
import { getPrisma, selectRows } from "@/lib/db/client";
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
  // Most polls find nothing new: one statement on the driver adapter answers those, instead of
  // the search and two Prisma queries (with the router's owner check on the adapter too, 304s with
  // 64 pollers went from ~1,240 to ~3,000/s: npm run bench -- pull).
  const highest = await highestSeq(endpointId);
  if (input.after >= highest) {
    if (input.after > highest) throw badCursor(input.after, highest);
    return { requests: [], nextAfter: input.after, hasMore: false };
  }
  const page = await searchRequestIds(endpointId, query, { after: input.after, limit: input.limit });
  const rows = (await inChunks(page.ids, (ids) => getPrisma().capturedRequest.findMany({ where: { endpointId, id: { in: ids } }, select: summaryFields })))
    .sort((a, b) => a.seq - b.seq);
  // Continue after the last request returned, or after the last one examined when a bounded scan
  // stopped early (search.ts): never before `after`, so a cursor only moves forward.
  const nextAfter = Math.max(input.after, page.nextCursor ?? rows.at(-1)?.seq ?? input.after);
  return { requests: rows, nextAfter, hasMore: page.nextCursor !== null };
}

/** A cursor past every sequence number the endpoint ever handed out is not one we gave: 422. */
function badCursor(after: number, highest: number) {
  return new HttpError("validation_failed", `after: ${after} is not a cursor this endpoint gave out (its newest is ${highest})`, "after");
}

const LAST_SEQ = `SELECT "lastSeq" FROM "Endpoint" WHERE "id" = ?`;

/**
 * The highest sequence number the endpoint handed out so far (stored, or deleted since):
 * Endpoint.lastSeq, which each capture commit raises in its own transaction. Seqs are given out
 * in commit order, so every request up to it is committed: nothing at or below it can still
 * appear. One statement on the driver adapter (it runs for every poll).
 */
export async function highestSeq(endpointId: string): Promise<number> {
  const [row] = await selectRows(getPrisma(), LAST_SEQ, [endpointId]);
  return row ? Number(row[0]) : 0;
}
