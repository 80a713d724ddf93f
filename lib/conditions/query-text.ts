/**
 * The lexical layer of the query language (query.ts): splitting a query into terms, reading bare
 * and quoted values, and writing values back so that they read the same. Parsing and formatting
 * share these rules, which is what makes `parseQuery(formatQuery(x))` give back x.
 *
 * A term is a run of non-whitespace in which a double quote opens a section that runs to the next
 * unescaped double quote, whitespace included. Inside quotes a backslash takes the next character
 * literally (`\"`, `\\`); outside quotes a backslash is an ordinary character, so a bare regex such
 * as `~^evt_\d+$` needs no doubling.
 */

export type Scalar = string | number | boolean | null;

/** A failure inside one term; the parser reports it with the term's span. */
export class TermError extends Error {}

const SPACE = /\s/;
const HAS_SPACE_OR_QUOTE = /[\s"]/;
/** RFC 8259 number grammar: what a bare number looks like, and nothing else does. */
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

export type RawTerm = { start: number; end: number; text: string; unterminated: boolean };

export function splitTerms(q: string): RawTerm[] {
  const terms: RawTerm[] = [];
  let i = 0;
  while (i < q.length) {
    if (SPACE.test(q[i])) {
      i++;
      continue;
    }
    const start = i;
    let unterminated = false;
    while (i < q.length && !SPACE.test(q[i])) {
      if (q[i] !== '"') {
        i++;
        continue;
      }
      const close = closingQuote(q, i);
      if (close === -1) {
        unterminated = true;
        i = q.length;
      } else i = close + 1;
    }
    terms.push({ start, end: i, text: q.slice(start, i), unterminated });
  }
  return terms;
}

/** Index of the quote closing the one at `open`, or -1. */
function closingQuote(s: string, open: number): number {
  for (let j = open + 1; j < s.length; j++) {
    if (s[j] === "\\") j++;
    else if (s[j] === '"') return j;
  }
  return -1;
}

/** The quoted string starting at `open` (a `"`): its unescaped text and the index after it. */
export function readQuoted(s: string, open: number): { value: string; end: number } {
  const close = closingQuote(s, open);
  if (close === -1) throw new TermError("unterminated quote");
  return { value: s.slice(open + 1, close).replace(/\\([\s\S])/g, "$1"), end: close + 1 };
}

/** A whole value: one quoted string, or bare text without quotes. */
export function readValue(s: string, what: string): string {
  if (s.startsWith('"')) {
    const { value, end } = readQuoted(s, 0);
    if (end !== s.length) throw new TermError(`text after the closing quote of the ${what}`);
    return value;
  }
  if (s.includes('"')) throw new TermError(`a quote inside the ${what}: put the whole ${what} in quotes`);
  if (s === "") throw new TermError(`missing ${what}`);
  return s;
}

export const quote = (s: string) => `"${s.replace(/[\\"]/g, "\\$&")}"`;

/** Bare when that reads back as the same text, otherwise quoted. */
export function bareOrQuoted(s: string, alsoQuoteIf?: RegExp): string {
  return s === "" || HAS_SPACE_OR_QUOTE.test(s) || alsoQuoteIf?.test(s) ? quote(s) : s;
}

/** A JSON scalar written bare: true, false, null, a JSON number, or else a string. */
export function scalarFromBare(raw: string): Scalar {
  if (raw === "true") return true;
  if (raw === "false") return false;
  if (raw === "null") return null;
  if (NUMBER.test(raw)) return toNumber(raw);
  return raw;
}

export function readScalar(s: string, what: string): Scalar {
  return s.startsWith('"') ? readValue(s, what) : scalarFromBare(readValue(s, what));
}

export function toNumber(raw: string): number {
  if (!NUMBER.test(raw)) throw new TermError(`expected a number, not ${raw}`);
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new TermError(`${raw} is out of range`);
  return n;
}

// A bare string must not read as a keyword or a number, nor start like an operator (`:*`, `:>`,
// `:<`, `:~`, `:(`); in a list it must not contain the separators either.
const OPERATOR_START = /^[*><~(]/;
const LIST_SEPARATOR = /[|)]/;

/** A scalar as text that `readScalar` (or a list element, with `inList`) reads back unchanged. */
export function formatScalar(v: Scalar, inList = false): string {
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (typeof v !== "string") return String(v);
  if (scalarFromBare(v) !== v || OPERATOR_START.test(v) || (inList && LIST_SEPARATOR.test(v))) return quote(v);
  return bareOrQuoted(v);
}

/** `body.<path>` as written in a query; a path that starts with an index needs no dot (`body[0].id`). */
export const jsonKey = (path: string) => (path.startsWith("[") ? `body${path}` : `body.${path}`);
