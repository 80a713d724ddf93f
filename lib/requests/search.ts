import { matches } from "@/lib/conditions/match";
import { type ParsedQuery, describeQueryError, parseQuery } from "@/lib/conditions/query";
import { getPrisma } from "@/lib/db/client";
import { store } from "@/lib/db/store";
import { type SearchWhere, countWhere, selectCandidates, selectWindow, withinSeq } from "@/lib/db/store/search/where";
import { HttpError } from "@/lib/http/errors";

/**
 * Request search for the list and the export: the `q` query language (lib/conditions/query.ts)
 * run as SQL (lib/db/store/search: per database kind), plus the shared matcher for what SQL cannot
 * decide (the kind's translation says which).
 *
 * When some condition needs the matcher, candidates are read newest first in chunks and tested in
 * JS, and one call examines at most SCAN_ROWS candidates or SCAN_BYTES of their bodies. If it stops
 * there, the page may hold fewer than `limit` requests (even none) and still has a `nextCursor`:
 * the seq of the last request examined, so the next page continues exactly where this one stopped
 * and paging through all pages visits every match once. `scanLimited` says that it happened.
 */
export const SCAN_ROWS = 10_000;
export const SCAN_BYTES = 64 * 1024 * 1024;
const CHUNK_ROWS = 500;
/** Bodies loaded together for the matcher (at least one request, whatever its size). */
const LOAD_BYTES = 8 * 1024 * 1024;

/** The parsed `q`, and whether the inbox hides live experiments' traffic (its toggle, not part of `q`). */
export type RequestQuery = Pick<ParsedQuery, "conditions" | "filters"> & { hideExperiments?: boolean };
export type SearchPage = { ids: string[]; nextCursor: number | null; scanLimited: boolean };
type Candidate = { id: string; seq: number; size: number };

/** The `q` parameter as conditions and filters; any bad term is a 422 naming `q`, the term and its position. */
export function parseSearchQuery(q: string): RequestQuery {
  const parsed = parseQuery(q);
  if (parsed.errors.length > 0) throw new HttpError("validation_failed", `q: ${describeQueryError(q, parsed.errors[0])}`, "q");
  return parsed;
}

/**
 * Ids of matching requests, newest first below the `before` seq, or oldest first above the `after`
 * seq when that is given. The caller has already checked the endpoint's owner.
 */
export async function searchRequestIds(
  endpointId: string,
  query: RequestQuery,
  page: { before?: number; after?: number; limit: number },
  { now = new Date(), scanRows = SCAN_ROWS }: { now?: Date; scanRows?: number } = {},
): Promise<SearchPage> {
  return pageOf(store().searchWhere(endpointId, query.conditions, query.filters, now, query), page, scanRows);
}

/** A window of a fixed snapshot of the list: after < seq <= top, newest first, skipping `offset`. */
export type SearchWindow = { top: number; after?: number; offset: number; limit: number; count: boolean };

/**
 * One window of the matching requests in a snapshot, for a list whose scrollbar can jump anywhere
 * (the dashboard). Exact SQL answers with LIMIT/OFFSET, and COUNT(*) for the total. When the
 * matcher must recheck (regexes, ** globs) there is no offset to skip to: every match is collected
 * newest first within the same scan bounds as paging, and the window is a slice of them;
 * `scanLimited` then says the search stopped before the oldest request.
 */
export async function searchWindow(
  endpointId: string,
  query: RequestQuery,
  w: SearchWindow,
  { now = new Date(), scanRows = SCAN_ROWS }: { now?: Date; scanRows?: number } = {},
): Promise<{ ids: string[]; total?: number; scanLimited: boolean }> {
  const where = withinSeq(store().searchWhere(endpointId, query.conditions, query.filters, now, query), w.top, w.after);
  if (where.recheck.length === 0) {
    const ids = (await candidates(selectWindow(where, w.offset, w.limit))).map((r) => r.id);
    if (!w.count) return { ids, scanLimited: false };
    const [{ n }] = await store().query<{ n: number | bigint | string }>(countWhere(where));
    return { ids, total: Number(n), scanLimited: false };
  }
  const all = await pageOf(where, { limit: scanRows }, scanRows);
  return { ids: all.ids.slice(w.offset, w.offset + w.limit), ...(w.count ? { total: all.ids.length } : {}), scanLimited: all.scanLimited };
}

async function pageOf(where: SearchWhere, page: { before?: number; after?: number; limit: number }, scanRows: number): Promise<SearchPage> {
  if (where.recheck.length === 0) {
    const rows = await candidates(selectCandidates(where, page.before, page.limit + 1, page.after));
    const hits = rows.slice(0, page.limit);
    return { ids: hits.map((r) => r.id), nextCursor: rows.length > page.limit ? hits[hits.length - 1].seq : null, scanLimited: false };
  }

  const withBodies = where.recheck.some((c) => c.type === "json" || c.type === "body");
  const hits: Candidate[] = [];
  const ascending = page.after !== undefined;
  let cursor = ascending ? page.after : page.before;
  let scannedRows = 0;
  let scannedBytes = 0;
  for (;;) {
    const chunk = await candidates(ascending ? selectCandidates(where, undefined, CHUNK_ROWS, cursor) : selectCandidates(where, cursor, CHUNK_ROWS));
    for (const group of byBytes(chunk)) {
      for (const row of await loadForMatcher(group, withBodies, ascending)) {
        if (matches(where.recheck, row)) hits.push(row);
        if (hits.length > page.limit) return { ids: hits.slice(0, page.limit).map((h) => h.id), nextCursor: hits[page.limit - 1].seq, scanLimited: false };
        cursor = row.seq;
        scannedRows += 1;
        scannedBytes += withBodies ? row.size : 0;
        if (scannedRows >= scanRows || scannedBytes >= SCAN_BYTES) return { ids: hits.map((h) => h.id), nextCursor: row.seq, scanLimited: true };
      }
    }
    if (chunk.length < CHUNK_ROWS) return { ids: hits.map((h) => h.id), nextCursor: null, scanLimited: false };
  }
}

async function candidates({ sql, params }: { sql: string; params: unknown[] }): Promise<Candidate[]> {
  const rows = await store().query<Candidate>({ sql, params });
  // Raw query integers arrive as number or bigint depending on the adapter.
  return rows.map((r) => ({ id: r.id, seq: Number(r.seq), size: Number(r.size) }));
}

function* byBytes(rows: Candidate[]): Generator<Candidate[]> {
  let group: Candidate[] = [];
  let bytes = 0;
  for (const row of rows) {
    if (group.length > 0 && bytes + row.size > LOAD_BYTES) {
      yield group;
      [group, bytes] = [[], 0];
    }
    group.push(row);
    bytes += row.size;
  }
  if (group.length > 0) yield group;
}

/** The rows in seq order (as the page runs) as the matcher reads them; bodies only when a condition looks at them. */
async function loadForMatcher(group: Candidate[], body: boolean, ascending: boolean) {
  const rows = await getPrisma().capturedRequest.findMany({
    where: { id: { in: group.map((r) => r.id) } },
    orderBy: { seq: ascending ? "asc" : "desc" },
    select: { id: true, seq: true, size: true, method: true, path: true, headers: true, contentType: true, body },
  });
  return rows.map((r) => ({ ...r, headers: JSON.parse(r.headers) as [string, string][], body: r.body ?? new Uint8Array() }));
}
