import type { SearchFilters } from "@/lib/conditions/filters";
import { type Condition, parseJsonPath } from "@/lib/conditions/schema";
import { composeWhere, type SearchOptions, type SearchWhere, type Translated } from "./where";

/**
 * Request conditions as PostgreSQL SQL, on the native types its migrations give the columns:
 * headers are jsonb ([name, value] pairs), the body is bytea, and "bodyJson" is a stored generated
 * jsonb column holding the body parsed as JSON (NULL when it is not valid UTF-8 JSON), indexed with
 * GIN, so JSON-field searches never parse bodies at query time. Values are bound parameters; JSON
 * paths are bound as text[] built from the segments of a schema-validated path.
 *
 * Exact where PostgreSQL says what the matcher says; otherwise a prefilter plus `recheck`:
 *   - regexes: PostgreSQL's regex dialect is not JavaScript's: prefilter "header present" / "field
 *     is a string";
 *   - globs with wildcards: LIKE with * and ? widened to % and _ (which also cross "/");
 *   - JSON paths with array indexes: `#>` reads an index segment as an object key too.
 * Known gaps, as on SQLite: duplicate JSON keys (jsonb keeps the last, like JSON.parse) agree;
 * numbers beyond 2^53 compare exactly in PostgreSQL.
 */
export function postgresSearchWhere(endpointId: string, conditions: Condition[], filters: SearchFilters, now: Date, opts: SearchOptions = {}): SearchWhere {
  return composeWhere({ translate, time: (d) => d, falsy: "false" }, endpointId, conditions, filters, now, opts);
}

const HEADER_NAMED = `FROM jsonb_array_elements("headers") h WHERE lower(h->>0) = ?`;
const AT = `("bodyJson" #> ?::text[])`;
// The field as a number, NULL when it is not one (AND does not guarantee which side runs first,
// and casting a JSON string to numeric raises an error).
const NUMBER = `(CASE WHEN jsonb_typeof(${AT}) = 'number' THEN (${AT})::numeric END)`;

function translate(c: Condition): Translated {
  switch (c.type) {
    case "signature":
      return { sql: `"signatureStatus" = ?`, params: [c.status], exact: true };
    case "method":
      return { sql: `"method" IN (${c.in.map(() => "?").join(", ")})`, params: c.in, exact: true };
    case "path":
      if (!/[*?]/.test(c.glob)) return { sql: `"path" = ?`, params: [c.glob], exact: true };
      return { sql: `"path" LIKE ?`, params: [likePattern(c.glob)], exact: false };
    case "body":
      return { sql: `position(?::bytea in "body") > 0`, params: [Buffer.from(c.value, "utf8")], exact: true };
    case "header": {
      const name = c.name.toLowerCase();
      if (c.op === "equals") return { sql: `EXISTS (SELECT 1 ${HEADER_NAMED} AND h->>1 = ?)`, params: [name, c.value], exact: true };
      return { sql: `EXISTS (SELECT 1 ${HEADER_NAMED})`, params: [name], exact: c.op === "exists" };
    }
    case "json": {
      const segments = parseJsonPath(c.path);
      const path = segments.map(String);
      const exact = segments.every((s) => typeof s === "string");
      switch (c.op) {
        case "exists":
          return { sql: `${AT} IS NOT NULL`, params: [path], exact };
        case "equals": {
          // Containment (`@>`) lets the GIN index on "bodyJson" find candidates; the exact test
          // beside it keeps the matcher's meaning (containment is looser with arrays).
          const eq = scalarEquals(path, c.value);
          if (!exact) return { ...eq, exact };
          return { sql: `"bodyJson" @> ?::jsonb AND ${eq.sql}`, params: [JSON.stringify(nested(path, c.value)), ...eq.params], exact };
        }
        case "in": {
          const each = c.values.map((v) => scalarEquals(path, v));
          return { sql: each.map((e) => `(${e.sql})`).join(" OR "), params: each.flatMap((e) => e.params), exact };
        }
        case "matches":
          return { sql: `jsonb_typeof(${AT}) = 'string'`, params: [path], exact: false };
        default: {
          const op = { gt: ">", gte: ">=", lt: "<", lte: "<=" }[c.op];
          return { sql: `${NUMBER} ${op} ?::numeric`, params: [path, path, c.value], exact };
        }
      }
    }
  }
}

/** Strict like the matcher's ===: the JSON type must match too ("1" is not 1, true is not "true"). */
function scalarEquals(path: string[], v: string | number | boolean | null): Translated {
  if (v === null) return { sql: `jsonb_typeof(${AT}) = 'null'`, params: [path], exact: true };
  if (typeof v === "boolean") return { sql: `${AT} = ?::jsonb`, params: [path, String(v)], exact: true };
  if (typeof v === "number") return { sql: `${NUMBER} = ?::numeric`, params: [path, path, v], exact: true };
  return { sql: `${AT} = to_jsonb(?::text)`, params: [path, v], exact: true };
}

/** {"a":{"b":value}} for the path a.b: the document a containment query looks for. */
function nested(path: string[], value: unknown): unknown {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

/**
 * A glob as a LIKE prefilter (a superset: the matcher rechecks): literal % _ \ escaped, a "/**"
 * (zero or more whole segments, its slash included) and any other run of * to %, ? to _.
 */
function likePattern(glob: string): string {
  return glob.replace(/[\\%_]/g, (ch) => `\\${ch}`).replace(/\/\*{2,}/g, "%").replace(/\*+/g, "%").replace(/\?/g, "_");
}
