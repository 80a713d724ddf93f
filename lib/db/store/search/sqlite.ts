import type { SearchFilters } from "@/lib/conditions/filters";
import { type Condition, parseJsonPath } from "@/lib/conditions/schema";
import { sqliteDateTime } from "@/lib/db/datetime";
import { composeWhere, type SearchOptions, type SearchWhere, type Translated } from "./where";

/**
 * Request conditions as SQLite SQL (where.ts composes them with the filters into a WHERE clause on
 * "CapturedRequest"). Every value is a bound parameter; the only SQL text that varies is the choice
 * of fixed fragments and their number of placeholders (JSON paths are bound too, built only from
 * the segments of a schema-validated path).
 *
 * Semantics match lib/conditions/match.ts. Where SQL cannot say exactly the same thing, the
 * fragment is a superset (a prefilter) and the condition is returned in `recheck`, for the caller
 * to evaluate with the shared matcher over the candidate rows:
 *   - regexes (header~, body.<field>:~): SQLite has no regex; prefilter "header present" or
 *     "field is a string";
 *   - globs containing ** : GLOB with every ** as * (which also matches "/"); globs without ** are
 *     exact (GLOB plus an equal number of "/", since * and ? never match "/").
 * A negated condition is NOT of its exact fragment; a negated recheck condition has no prefilter.
 * Known gaps, all for malformed or unusual JSON: a body that is well-formed JSON except for invalid
 * UTF-8 bytes is JSON to SQLite but not to the matcher (which decodes strictly first); SQLite reads
 * the first of duplicate keys (JSON.parse the last); integers beyond 2^53 compare exactly in SQLite.
 */


// NULL unless the body is valid JSON: SQLite's JSON functions raise an error on anything else, and
// AND does not guarantee which side runs first. The body is cast to TEXT because SQLite reads a BLOB
// argument of its JSON functions as its binary JSONB format.
const JSON_BODY = `(CASE WHEN json_valid(CAST("body" AS TEXT)) THEN CAST("body" AS TEXT) END)`;
const JSON_TYPE = `json_type(${JSON_BODY}, ?)`;
const JSON_VALUE = `json_extract(${JSON_BODY}, ?)`;
const HEADER_NAMED = `FROM json_each("headers") h WHERE lower(json_extract(h.value, '$[0]')) = ?`;
const SLASHES = `(length("path") - length(replace("path", '/', '')))`;

/** The WHERE clause for one endpoint's requests that may match; `recheck` lists what the caller must still test. */
export function sqliteSearchWhere(endpointId: string, conditions: Condition[], filters: SearchFilters, now: Date, opts: SearchOptions = {}): SearchWhere {
  return composeWhere({ translate, time: sqliteDateTime, falsy: "0" }, endpointId, conditions, filters, now, opts);
}

function translate(c: Condition): Translated {
  switch (c.type) {
    case "signature":
      return { sql: `"signatureStatus" = ?`, params: [c.status], exact: true };
    case "method":
      return { sql: `"method" IN (${c.in.map(() => "?").join(", ")})`, params: c.in, exact: true };
    case "path":
      return glob(c.glob);
    case "body":
      return { sql: `instr("body", CAST(? AS BLOB)) > 0`, params: [c.value], exact: true };
    case "header": {
      const name = c.name.toLowerCase();
      if (c.op === "equals") return { sql: `EXISTS (SELECT 1 ${HEADER_NAMED} AND json_extract(h.value, '$[1]') = ?)`, params: [name, c.value], exact: true };
      return { sql: `EXISTS (SELECT 1 ${HEADER_NAMED})`, params: [name], exact: c.op === "exists" };
    }
    case "json": {
      const path = sqlitePath(c.path);
      const type = (sql: string, ...params: unknown[]): Translated => ({ sql: `${JSON_TYPE} ${sql}`, params: [path, ...params], exact: true });
      switch (c.op) {
        case "exists":
          return type("IS NOT NULL");
        case "equals":
          return scalarEquals(path, c.value);
        case "in": {
          const each = c.values.map((v) => scalarEquals(path, v));
          return { sql: each.map((e) => `(${e.sql})`).join(" OR "), params: each.flatMap((e) => e.params), exact: true };
        }
        case "matches":
          return { ...type("= 'text'"), exact: false };
        default: {
          const op = { gt: ">", gte: ">=", lt: "<", lte: "<=" }[c.op];
          return { sql: `${JSON_TYPE} IN ('integer', 'real') AND ${JSON_VALUE} ${op} ?`, params: [path, path, c.value], exact: true };
        }
      }
    }
  }
}

/** Strict like the matcher's ===: the JSON type must match too ("1" is not 1, true is not "true"). */
function scalarEquals(path: string, v: string | number | boolean | null): Translated {
  if (v === null || typeof v === "boolean") return { sql: `${JSON_TYPE} = ?`, params: [path, String(v)], exact: true };
  const types = typeof v === "number" ? `IN ('integer', 'real')` : `= 'text'`;
  return { sql: `${JSON_TYPE} ${types} AND ${JSON_VALUE} = ?`, params: [path, path, v], exact: true };
}

/** A validated path as a SQLite JSON path: `data.items[0].x-y` -> `$."data"."items"[0]."x-y"`. */
export function sqlitePath(path: string): string {
  return "$" + parseJsonPath(path).map((s) => (typeof s === "number" ? `[${s}]` : `."${s}"`)).join("");
}

function glob(g: string): Translated {
  if (!/[*?]/.test(g)) return { sql: `"path" = ?`, params: [g], exact: true };
  // A whole-segment ** spans zero or more segments with their slashes: /a/**/b also matches /a/b.
  const pattern = g.replace(/\/\*{2,}(?:\/|$)/g, "*").replace(/\*+/g, "*").replace(/\[/g, "[[]");
  if (g.includes("**")) return { sql: `"path" GLOB ?`, params: [pattern], exact: false };
  return { sql: `"path" GLOB ? AND ${SLASHES} = ?`, params: [pattern, g.split("/").length - 1], exact: true };
}
