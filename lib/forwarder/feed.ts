import { getPrisma } from "@/lib/db/client";
import { highestSeq } from "@/lib/requests/cursor-page";
import { presentDetail } from "@/lib/requests/present";
import { parseSearchQuery, searchRequestIds } from "@/lib/requests/search";
import { storedCursor } from "./cursor";

/** Bodies in one page, at most (at least one request, whatever its size). */
const PAGE_BYTES = 8 * 1024 * 1024;

/**
 * What a forwarder sends on: the requests after a cursor with their headers and exact bodies,
 * oldest first, matching `q`. With `q`, `nextAfter` also passes over requests that do not match
 * (when the page reached the end), so a forwarder with a filter can move its cursor past them.
 *
 * Pages that move a forwarder forward from its cursor cost no hourly budget (their number follows
 * the endpoint's traffic, not a polling loop); `charge` runs for the others (nothing new, or
 * re-reading before the cursor).
 */
export async function feedAfter(tokenId: string, endpointId: string, input: { after: number; limit: number; q: string }, charge: () => void) {
  const query = parseSearchQuery(input.q);
  // With a filter, read before the search how far it may pass over non-matching requests: every
  // seq up to it is committed (highestSeq), so none can commit later and be skipped.
  const [ceiling, cursor] = await Promise.all([input.q ? highestSeq(endpointId) : 0, storedCursor(tokenId, endpointId)]);
  const page = await searchRequestIds(endpointId, query, { after: input.after, limit: input.limit });
  const rows = page.ids.length ? await getPrisma().capturedRequest.findMany({ where: { endpointId, id: { in: page.ids } }, orderBy: { seq: "asc" } }) : [];
  let bytes = 0;
  const kept = rows.filter((r, i) => (bytes += r.size) <= PAGE_BYTES || i === 0);
  const truncated = kept.length < rows.length;
  const last = kept.at(-1)?.seq ?? input.after;
  const nextAfter = truncated ? last : page.nextCursor !== null ? Math.max(input.after, page.nextCursor) : Math.max(input.after, last, ceiling);
  if (!(nextAfter > input.after && (cursor === null || input.after >= cursor))) charge();
  return { requests: kept.map(presentDetail), nextAfter, hasMore: truncated || page.nextCursor !== null };
}
