import { type SearchFilters, resolveTime } from "@/lib/conditions/filters";
import type { Condition } from "@/lib/conditions/schema";

/**
 * Request search as SQL, the part that is the same for every database kind: conditions (each
 * kind translates them: sqlite.ts, postgres.ts) and search-only filters composed into a WHERE
 * clause on "CapturedRequest", and the SELECTs around it. Written with `?` placeholders; the store
 * numbers them for PostgreSQL when it runs the statement.
 *
 * Semantics match lib/conditions/match.ts. Where SQL cannot say exactly the same thing, the
 * fragment is a superset (a prefilter) and the condition is returned in `recheck`, for the caller
 * to evaluate with the shared matcher over the candidate rows. A negated condition is NOT of its
 * exact fragment; a negated recheck condition has no prefilter.
 */
export type Fragment = { sql: string; params: unknown[] };
export type Translated = Fragment & { exact: boolean };
export type SearchWhere = Fragment & { recheck: Condition[] };

export type SearchOptions = { hideExperiments?: boolean };

/** What differs by kind: the condition translation, how a time is bound, and SQL false. */
export type DialectSearch = { translate(c: Condition): Translated; time(d: Date): unknown; falsy: string };

const DUPLICATE = `"deliveryId" IS NOT NULL AND EXISTS (SELECT 1 FROM "CapturedRequest" o WHERE o."endpointId" = "CapturedRequest"."endpointId" AND o."deliveryId" = "CapturedRequest"."deliveryId" AND o."seq" < "CapturedRequest"."seq")`;

/** The WHERE clause (without the word) for one endpoint's requests that may match; `recheck` lists what the caller must still test. */
export function composeWhere(kind: DialectSearch, endpointId: string, conditions: Condition[], filters: SearchFilters, now: Date, opts: SearchOptions = {}): SearchWhere {
  const parts: Fragment[] = [{ sql: `"endpointId" = ?`, params: [endpointId] }];
  const recheck: Condition[] = [];
  for (const c of conditions) {
    const t = kind.translate(c);
    if (!t.exact) recheck.push(c);
    if (c.not && t.exact) parts.push({ sql: `NOT coalesce((${t.sql}), ${kind.falsy})`, params: t.params });
    else if (!c.not) parts.push(t);
  }
  if (filters.after !== undefined) parts.push({ sql: `"receivedAt" >= ?`, params: [kind.time(resolveTime(filters.after, now))] });
  if (filters.before !== undefined) parts.push({ sql: `"receivedAt" < ?`, params: [kind.time(resolveTime(filters.before, now))] });
  // A repeat of a delivery id seen earlier on the same endpoint (index: endpointId, deliveryId, seq).
  if (filters.is === "duplicate") parts.push({ sql: DUPLICATE, params: [] });
  // The events a live experiment sent (lib/experiments), hidden from the inbox on request.
  if (opts.hideExperiments) parts.push({ sql: `"experimentId" IS NULL`, params: [] });
  return { sql: parts.map((p) => `(${p.sql})`).join(" AND "), params: parts.flatMap((p) => p.params), recheck };
}

/**
 * `SELECT` of the matching candidates' id, seq and size: newest first below the `before` seq, or,
 * given `after`, oldest first above it (the pull API's cursor).
 */
export function selectCandidates(where: Fragment, before: number | undefined, limit: number, after?: number): Fragment {
  if (after !== undefined) {
    return { sql: `SELECT "id", "seq", "size" FROM "CapturedRequest" WHERE ${where.sql} AND "seq" > ? ORDER BY "seq" ASC LIMIT ?`, params: [...where.params, after, limit] };
  }
  const page = before === undefined ? "" : ` AND "seq" < ?`;
  return {
    sql: `SELECT "id", "seq", "size" FROM "CapturedRequest" WHERE ${where.sql}${page} ORDER BY "seq" DESC LIMIT ?`,
    params: [...where.params, ...(before === undefined ? [] : [before]), limit],
  };
}

/** The clause limited to a snapshot of the list: after < seq <= top (the dashboard's windows). */
export function withinSeq(where: SearchWhere, top: number, after?: number): SearchWhere {
  const bounds = after === undefined ? ` AND "seq" <= ?` : ` AND "seq" <= ? AND "seq" > ?`;
  return { sql: where.sql + bounds, params: [...where.params, top, ...(after === undefined ? [] : [after])], recheck: where.recheck };
}

/** `SELECT` of one window of the candidates, newest first: `limit` rows after skipping `offset`. */
export function selectWindow(where: Fragment, offset: number, limit: number): Fragment {
  return {
    sql: `SELECT "id", "seq", "size" FROM "CapturedRequest" WHERE ${where.sql} ORDER BY "seq" DESC LIMIT ? OFFSET ?`,
    params: [...where.params, limit, offset],
  };
}

export function countWhere(where: Fragment): Fragment {
  return { sql: `SELECT COUNT(*) AS "n" FROM "CapturedRequest" WHERE ${where.sql}`, params: where.params };
}

