export type JsonPathFilter = { path: string; value: string | number | boolean | null };

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const MAX_SEGMENTS = 32;

/**
 * Reads `body.<path>:<value>` search terms, e.g. `body.data.object.id:"evt_1"`,
 * `body.items[0].sku:"A-1"`, `body.amount:42`, `body.live:true`, `body.x:null`.
 * A bare unquoted value (`body.type:charge.succeeded`) is taken as a string.
 *
 * The returned path is meant to be passed as a bound parameter to SQLite's json_extract, but
 * it is still built only from allow-listed segments so it is safe even if someone splices it
 * into SQL: anything else (quotes, parentheses, spaces, `..`) makes the whole term null.
 */
export function parseJsonPathFilter(term: string): JsonPathFilter | null {
  const t = term.trim();
  if (t.length > 1000 || !t.startsWith("body")) return null;
  const colon = t.indexOf(":");
  if (colon === -1) return null;
  const path = toSqlitePath(t.slice(4, colon));
  const value = parseValue(t.slice(colon + 1));
  return path === null || value === undefined ? null : { path, value };
}

/** ".data.items[0].sku" -> "$.data.items[0].sku"; labels with "-" are double-quoted for SQLite. */
function toSqlitePath(raw: string): string | null {
  let out = "$";
  let count = 0;
  let rest = raw;
  while (rest.length > 0) {
    const index = /^\[(\d{1,9})\]/.exec(rest);
    const label = /^\.([^.[]*)/.exec(rest);
    if (index) {
      out += `[${Number(index[1])}]`;
      rest = rest.slice(index[0].length);
    } else if (label && NAME.test(label[1])) {
      out += label[1].includes("-") ? `."${label[1]}"` : `.${label[1]}`;
      rest = rest.slice(label[0].length);
    } else {
      return null;
    }
    if (++count > MAX_SEGMENTS) return null;
  }
  return count === 0 ? null : out;
}

/** undefined = not a value we understand. */
function parseValue(raw: string): string | number | boolean | null | undefined {
  if (raw === "") return undefined;
  if (raw.startsWith('"')) {
    try {
      const v: unknown = JSON.parse(raw);
      return typeof v === "string" ? v : undefined;
    } catch {
      return undefined;
    }
  }
  if (raw === "true") return true;
  if (raw === "false") return false;
  if (raw === "null") return null;
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(raw)) {
    const n = Number(raw);
    return Number.isFinite(n) ? n : undefined;
  }
  return /^[^\s"'\\]+$/.test(raw) ? raw : undefined;
}
