import { describeCondition } from "./describe";
import { type FilterKey, type FilterValue, type SearchFilters, filterDef, filterKeys, isFilterKey } from "./filters";
import {
  type Scalar, TermError, bareOrQuoted, formatScalar, jsonKey, quote, readQuoted, readScalar, readValue, scalarFromBare,
  splitTerms, toNumber,
} from "./query-text";
import { type Condition, condition as conditionSchema } from "./schema";

/**
 * The query language of the search bar, also the text form of rule conditions (syntax help in
 * query-help.ts). Space-separated terms, all of which must hold:
 *   word, "a phrase"          body contains (bytes, case-sensitive)
 *   method:POST,PUT           path:/stripe/*  (glob: * one segment, ** any)
 *   header:<name>             header:<name>=<value>      header:<name>~<regex>
 *   body.<json path>:<op>     :value (JSON scalar; a bare word is a string), :>n :>=n :<n :<=n,
 *                             :* exists, :~regex, :(a|b|c) one of
 *   body:<text>               body contains
 *   after:<time> before:<time> and other search-only filters (filters.ts)
 *   -<term>                   negation (conditions only)
 * This module has no Node-only imports: the dashboard parses queries in the browser too.
 */

export type QueryError = { start: number; end: number; message: string };

type TermBase = {
  /** The term's span in the query text, [start, end). */
  start: number;
  end: number;
  text: string;
  /** Short text for a filter chip. */
  label: string;
};
export type Term = TermBase &
  ({ kind: "condition"; condition: Condition } | { kind: "filter"; key: FilterKey; value: FilterValue<FilterKey> });

export type ParsedQuery = {
  /** Every valid condition term, in query order (each passes the `condition` schema). */
  conditions: Condition[];
  filters: SearchFilters;
  /** The valid terms, in query order; a term with an error is in `errors` instead. */
  terms: Term[];
  errors: QueryError[];
};

export const MAX_QUERY_LENGTH = 4000;
/** As many as a rule may have (conditionList). */
export const MAX_CONDITIONS = 50;

/** Parses a query. Never throws: what cannot be read is reported in `errors` with its span. */
export function parseQuery(text: string): ParsedQuery {
  const out: ParsedQuery = { conditions: [], filters: {}, terms: [], errors: [] };
  let q = text;
  if (q.length > MAX_QUERY_LENGTH) {
    out.errors.push({ start: MAX_QUERY_LENGTH, end: q.length, message: `the query is longer than ${MAX_QUERY_LENGTH} characters` });
    q = q.slice(0, MAX_QUERY_LENGTH);
  }
  for (const raw of splitTerms(q)) {
    const span = { start: raw.start, end: raw.end, text: raw.text };
    try {
      if (raw.unterminated) throw new TermError('unterminated quote: close it with "');
      const parsed = parseTerm(raw.text);
      if ("key" in parsed) {
        if (out.filters[parsed.key] !== undefined) throw new TermError(`${parsed.key}: given more than once`);
        (out.filters as Record<FilterKey, unknown>)[parsed.key] = parsed.value;
        out.terms.push({ ...span, kind: "filter", key: parsed.key, value: parsed.value, label: filterDef(parsed.key).label(parsed.value) });
      } else {
        if (out.conditions.length >= MAX_CONDITIONS) throw new TermError(`at most ${MAX_CONDITIONS} conditions`);
        const c = validated(parsed.condition);
        out.conditions.push(c);
        out.terms.push({ ...span, kind: "condition", condition: c, label: describeCondition(c) });
      }
    } catch (err) {
      // Only TermErrors are expected; anything else is still reported, never thrown at the caller.
      out.errors.push({ start: raw.start, end: raw.end, message: err instanceof TermError ? err.message : "this term could not be read" });
    }
  }
  return out;
}

/** "<message>: `<term>` at characters <start>-<end>" (0-based, end exclusive): an error as one sentence naming the term. */
export function describeQueryError(text: string, e: QueryError): string {
  const term = text.slice(e.start, e.end);
  return `${e.message}: \`${term.length > 80 ? `${term.slice(0, 80)}…` : term}\` at characters ${e.start}-${e.end}`;
}

/** Canonical text for conditions and filters: `parseQuery` reads it back to the same values. */
export function formatQuery(conditions: Condition[], filters: SearchFilters = {}): string {
  const parts = conditions.map(formatCondition);
  for (const key of filterKeys()) {
    const value = filters[key];
    if (value !== undefined) parts.push(`${key}:${bareOrQuoted(filterDef(key).format(value))}`);
  }
  return parts.join(" ");
}

/** One condition as a query term (also what a rule builder row shows as text). */
export function formatCondition(c: Condition): string {
  return (c.not ? "-" : "") + formatPositive(c);
}

// ---------- parsing ----------

type Parsed = { condition: Condition } | { key: FilterKey; value: FilterValue<FilterKey> };
const KEY = /^[A-Za-z][\w.$[\]-]*$/;
const KEYS_HELP = () => `method, path, header, body, body.<field>, sig, ${filterKeys().join(", ")}`;

function parseTerm(text: string): Parsed {
  const negated = text.length > 1 && text.startsWith("-");
  const rest = negated ? text.slice(1) : text;
  const colon = rest.indexOf(":");
  const key = rest.slice(0, Math.max(colon, 0));
  // A word whose part before ":" cannot be a key (e.g. 12:30) is plain text; body.<anything> is
  // always a JSON field, so that a mistyped path is reported rather than searched for as text.
  if (colon === -1 || !(KEY.test(key) || /^body[.[]/.test(key))) {
    return negate({ type: "body", op: "contains", value: readValue(rest, "text") }, negated);
  }
  const value = rest.slice(colon + 1);
  if (isFilterKey(key)) {
    if (negated) throw new TermError(`${key}: cannot be negated`);
    return { key, value: filterDef(key).parse(readValue(value, `${key} value`)) as FilterValue<FilterKey> };
  }
  return negate(parseCondition(key, value), negated);
}

const negate = (c: Condition, negated: boolean): Parsed => ({ condition: negated ? { ...c, not: true } : c });

function parseCondition(key: string, value: string): Condition {
  switch (key) {
    case "method":
      return { type: "method", in: readValue(value, "method").split(",").map(method) };
    case "path":
      return { type: "path", glob: readValue(value, "path glob") };
    case "header":
      return parseHeader(value);
    case "body":
      return { type: "body", op: "contains", value: readValue(value, "text") };
    case "sig":
      return { type: "signature", status: readValue(value, "signature status") as "valid" };
  }
  if (key.startsWith("body.") || key.startsWith("body[")) return parseJson(key.slice(key[4] === "." ? 5 : 4), value);
  throw new TermError(`unknown key ${key}: keys are ${KEYS_HELP()} (put the term in quotes to search the body for it)`);
}

function method(m: string): string {
  if (m === "") throw new TermError("empty method in the list (write method:POST,PUT without spaces)");
  return m.toUpperCase();
}

function parseHeader(value: string): Condition {
  let name: string;
  let rest: string;
  if (value.startsWith('"')) {
    const q = readQuoted(value, 0);
    [name, rest] = [q.value, value.slice(q.end)];
  } else {
    const i = value.search(/[=~]/);
    [name, rest] = i === -1 ? [value, ""] : [value.slice(0, i), value.slice(i)];
  }
  if (name === "") throw new TermError("missing header name");
  if (rest === "") return { type: "header", name, op: "exists" };
  if (rest[0] === "=") return { type: "header", name, op: "equals", value: rest === "=" ? "" : readValue(rest.slice(1), "header value") };
  if (rest[0] === "~") return { type: "header", name, op: "matches", pattern: readValue(rest.slice(1), "regex") };
  throw new TermError("expected = or ~ after the header name");
}

const COMPARISON = { ">=": "gte", "<=": "lte", ">": "gt", "<": "lt" } as const;

function parseJson(path: string, value: string): Condition {
  if (value === "") throw new TermError(`missing value (e.g. ${jsonKey(path)}:paid, :>10, :* or :(a|b))`);
  if (value === "*") return { type: "json", path, op: "exists" };
  const cmp = /^[<>]=?/.exec(value)?.[0] as keyof typeof COMPARISON | undefined;
  if (cmp) return { type: "json", path, op: COMPARISON[cmp], value: toNumber(readValue(value.slice(cmp.length), "number")) };
  if (value[0] === "~") return { type: "json", path, op: "matches", pattern: readValue(value.slice(1), "regex") };
  if (value[0] === "(") return { type: "json", path, op: "in", values: parseList(value) };
  return { type: "json", path, op: "equals", value: readScalar(value, "value") };
}

/** `(a|"b c"|42|null)`: scalars separated by `|`. */
function parseList(v: string): Scalar[] {
  const values: Scalar[] = [];
  for (let i = 1; ; i++) {
    if (v[i] === '"') {
      const q = readQuoted(v, i);
      values.push(q.value);
      i = q.end;
    } else {
      const j = i + (/^[^|)"]*/.exec(v.slice(i))?.[0].length ?? 0);
      if (j === i) throw new TermError("empty list element");
      values.push(scalarFromBare(v.slice(i, j)));
      i = j;
    }
    if (v[i] === "|") continue;
    if (v[i] === ")" && i === v.length - 1) return values;
    if (v[i] === ")") throw new TermError("text after the closing )");
    throw new TermError(v[i] === '"' ? "a quote inside a list element: quote the whole element" : "unclosed list: end it with )");
  }
}

// The schema's wording, prefixed with the part of the term it is about.
const FIELD_NAMES: Record<string, string> = {
  in: "method", glob: "path", name: "header name", value: "value", values: "list value", pattern: "regex", path: "JSON path", status: "signature status",
};

function validated(c: Condition): Condition {
  const r = conditionSchema.safeParse(c);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = FIELD_NAMES[String(issue.path[0])] ?? String(issue.path[0] ?? "term");
  throw new TermError(`${field} ${issue.message}`);
}

// ---------- formatting ----------

const SIGN = { gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

function formatPositive(c: Condition): string {
  switch (c.type) {
    case "method":
      return `method:${c.in.join(",")}`;
    case "path":
      return `path:${bareOrQuoted(c.glob)}`;
    case "body":
      // Free text; quoted when it would read as a key, a negation or several words.
      return bareOrQuoted(c.value, /^-|:/);
    case "signature":
      return `sig:${c.status}`;
    case "header": {
      const name = /[=~]/.test(c.name) ? quote(c.name) : c.name;
      if (c.op === "exists") return `header:${name}`;
      return c.op === "equals" ? `header:${name}=${bareOrQuoted(c.value)}` : `header:${name}~${bareOrQuoted(c.pattern)}`;
    }
    case "json": {
      const key = jsonKey(c.path);
      switch (c.op) {
        case "exists":
          return `${key}:*`;
        case "equals":
          return `${key}:${formatScalar(c.value)}`;
        case "in":
          return `${key}:(${c.values.map((v) => formatScalar(v, true)).join("|")})`;
        case "matches":
          return `${key}:~${bareOrQuoted(c.pattern)}`;
        default:
          return `${key}:${SIGN[c.op]}${formatScalar(c.value)}`;
      }
    }
  }
}
