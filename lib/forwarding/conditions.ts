import v8 from "node:v8";
import { z } from "zod";
import { HEADER_NAME } from "@/lib/endpoints/settings";
import { utf8OrNull } from "@/lib/requests/utf8";

// Rule regexes are compiled with V8's linear-time engine (the "l" flag): it cannot backtrack, so no
// pattern a user saves, however pathological (e.g. (a+)+$), can stall the capture path that every
// tenant shares. Patterns it cannot run in linear time (backreferences, lookarounds) are refused
// when the rule is saved. The flag must be on before the first such regex is compiled.
v8.setFlagsFromString("--enable-experimental-regexp-engine");

/**
 * Forwarding-rule conditions: what a captured request must look like to be forwarded.
 * A rule forwards only when ALL its conditions hold (an empty list holds vacuously).
 * Everything here is pure and bounded: each condition does work linear in the request size
 * (regexes included: see the linear-time engine below), because it runs on the capture path for every request.
 */

// Methods use the header-name token grammar (RFC 9110 tchar) but must also be upper-case, because
// method names are case-sensitive and senders use the canonical upper-case spelling.
const METHOD_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Z-]+$/;
const JSON_PATH = /^(?:[A-Za-z_$][\w$-]*|\[\d{1,9}\])(?:\.[A-Za-z_$][\w$-]*|\[\d{1,9}\])*$/;

/** Regexes only ever see this many leading UTF-16 units of a value: with the linear-time engine this
 *  bounds the work per request and condition outright. */
export const REGEX_INPUT_LIMIT = 64 * 1024;

const pattern = z
  .string()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .refine((p) => compileRegex(p) !== null, "must be a valid regular expression that runs in linear time (no backreferences or lookarounds)");
// Patterns always run without flags (case-sensitive, no multiline); an explicit non-empty flags
// value is refused instead of being silently ignored.
const flags = z.literal("", "flags are not supported (use character classes such as [Aa])").optional();
const headerName = z.string().max(256).regex(HEADER_NAME, "must be a valid header name");
const jsonPath = z.string().max(256).regex(JSON_PATH, "must be a dotted path such as data.object.id or items[0].sku");
const scalar = z.union([z.string().max(8192), z.number(), z.boolean(), z.null()]);

const header = z.discriminatedUnion("op", [
  z.object({ type: z.literal("header"), name: headerName, op: z.literal("exists") }),
  z.object({ type: z.literal("header"), name: headerName, op: z.literal("equals"), value: z.string().max(8192) }),
  z.object({ type: z.literal("header"), name: headerName, op: z.literal("matches"), pattern, flags }),
]);

const json = z.discriminatedUnion("op", [
  z.object({ type: z.literal("json"), path: jsonPath, op: z.literal("exists") }),
  z.object({ type: z.literal("json"), path: jsonPath, op: z.literal("equals"), value: scalar }),
  z.object({ type: z.literal("json"), path: jsonPath, op: z.literal("in"), values: z.array(scalar).min(1).max(100) }),
  z.object({ type: z.literal("json"), path: jsonPath, op: z.enum(["gt", "gte", "lt", "lte"]), value: z.number() }),
  z.object({ type: z.literal("json"), path: jsonPath, op: z.literal("matches"), pattern, flags }),
]);

export const condition = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("method"),
    in: z.array(z.string().max(32).regex(METHOD_TOKEN, "must be an upper-case method token such as POST")).min(1).max(20),
  }),
  z.object({
    type: z.literal("path"),
    // Sub-paths always start with "/", so a glob that does not can never match: refuse it up front.
    glob: z.string().max(512).startsWith("/", "must start with /"),
  }),
  header,
  json,
  z.object({ type: z.literal("body"), op: z.literal("contains"), value: z.string().min(1).max(4096) }),
]);
export const conditionList = z.array(condition).max(50);

export type Condition = z.infer<typeof condition>;
export type MatchInput = { method: string; path: string; headers: [string, string][]; body: Uint8Array; contentType: string | null };

/** True when every condition holds. The body is parsed as JSON at most once, and only if a json condition needs it. */
export function matches(conditions: Condition[], input: MatchInput): boolean {
  const ctx = new Context(input);
  return conditions.every((c) => evaluate(c, ctx));
}

/** Every condition with its own outcome (no short-circuit), so the UI can show which ones failed. */
export function explain(conditions: Condition[], input: MatchInput): { condition: Condition; ok: boolean }[] {
  const ctx = new Context(input);
  return conditions.map((c) => ({ condition: c, ok: evaluate(c, ctx) }));
}

const MISSING = Symbol("missing");

/** Per-call lazy state. contentType is deliberately not consulted for JSON: senders often mislabel
 *  JSON (text/plain, missing header), and a body that does not parse simply fails every json op. */
class Context {
  private parsed: unknown = undefined;
  private done = false;
  constructor(readonly input: MatchInput) {}
  json(): unknown {
    if (!this.done) {
      this.done = true;
      this.parsed = parseJsonBody(this.input.body);
    }
    return this.parsed;
  }
}

function parseJsonBody(body: Uint8Array): unknown {
  if (body.length === 0) return MISSING;
  // Invalid UTF-8 is not JSON (rather than parsing U+FFFD replacements into strings).
  const text = utf8OrNull(body);
  if (text === null) return MISSING;
  try {
    return JSON.parse(text);
  } catch {
    return MISSING;
  }
}

function evaluate(c: Condition, ctx: Context): boolean {
  const { input } = ctx;
  switch (c.type) {
    case "method":
      // Exact comparison: HTTP methods are case-sensitive (RFC 9110 §9.1).
      return c.in.includes(input.method);
    case "path":
      return globMatch(c.glob, input.path);
    case "header": {
      const name = c.name.toLowerCase();
      // Duplicate headers arrive as separate pairs; the condition holds if ANY of them satisfies it.
      const values = input.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
      if (c.op === "exists") return values.length > 0;
      if (c.op === "equals") return values.includes(c.value);
      const re = compileRegex(c.pattern);
      return re !== null && values.some((v) => testBounded(re, v));
    }
    case "json": {
      const root = ctx.json();
      const v = root === MISSING ? MISSING : resolvePath(root, c.path);
      if (v === MISSING) return false;
      switch (c.op) {
        case "exists":
          return true;
        case "equals":
          return v === c.value; // strict: "1" is not 1, objects and arrays never equal a scalar
        case "in":
          return c.values.some((x) => x === v);
        case "matches": {
          const re = compileRegex(c.pattern);
          return typeof v === "string" && re !== null && testBounded(re, v);
        }
        default:
          // Ordering only applies to JSON numbers; a numeric string is text, not a number.
          if (typeof v !== "number") return false;
          return c.op === "gt" ? v > c.value : c.op === "gte" ? v >= c.value : c.op === "lt" ? v < c.value : v <= c.value;
      }
    }
    case "body":
      return indexOfBytes(input.body, new TextEncoder().encode(c.value)) !== -1;
  }
}

// ---------- regexes ----------

// Compiled patterns are cached by source: the same rules run for every request. Bounded so that a
// stream of distinct patterns (e.g. from explain() previews) cannot grow memory without limit.
const regexCache = new Map<string, RegExp | null>();
function compileRegex(source: string): RegExp | null {
  let re = regexCache.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(source, "l");
    } catch {
      re = null;
    }
    if (regexCache.size >= 500) regexCache.clear();
    regexCache.set(source, re);
  }
  return re;
}

function testBounded(re: RegExp, value: string): boolean {
  return re.test(value.length > REGEX_INPUT_LIMIT ? value.slice(0, REGEX_INPUT_LIMIT) : value);
}

// ---------- JSON paths ----------

/** Segments of a validated path: names as strings, array indexes as numbers. */
export function parseJsonPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([A-Za-z_$][\w$-]*)|\[(\d+)\]/g)) out.push(m[1] !== undefined ? m[1] : Number(m[2]));
  return out;
}

function resolvePath(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const seg of parseJsonPath(path)) {
    if (typeof seg === "number") {
      if (!Array.isArray(cur) || seg >= cur.length) return MISSING;
      cur = cur[seg];
    } else {
      // Own properties only, so "constructor" or "__proto__" never reach Object.prototype.
      if (cur === null || typeof cur !== "object" || Array.isArray(cur) || !Object.hasOwn(cur, seg)) return MISSING;
      cur = (cur as Record<string, unknown>)[seg];
    }
  }
  return cur;
}

// ---------- globs ----------

/**
 * Glob tokens. A glob is matched by dynamic programming rather than by translating it to a
 * RegExp: every character other than the wildcards is literal by construction (no escaping to get
 * wrong), and several `*` can never backtrack into O(n^k) work - matching is O(glob x path).
 *   `?`  one character other than "/"          `*` any run within one segment
 *   `**` inside a segment: any run, "/" included
 *   `/**` as a whole segment: zero or more segments, so `/a/**` matches /a, /a/ and /a/b/c,
 *        and `/**` + `/x` matches /x and /a/b/x.
 */
type Tok =
  | { k: "lit"; c: string }
  | { k: "one" } // ?
  | { k: "star" } // [^/]*
  | { k: "any" } // .*
  | { k: "segs" } // ([^/]*/)*   from "/**/": the leading "/" is a lit, the trailing one is absorbed
  | { k: "tail" }; // (/.*)?     from a final "/**": the leading "/" is absorbed

const globCache = new Map<string, Tok[]>();
function compileGlob(glob: string): Tok[] {
  let toks = globCache.get(glob);
  if (toks) return toks;
  toks = [];
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === "?") toks.push({ k: "one" });
    else if (ch !== "*") toks.push({ k: "lit", c: ch });
    else {
      let j = i;
      while (glob[j + 1] === "*") j++;
      const run = j - i + 1;
      const wholeSegment = glob[i - 1] === "/" && (j + 1 === glob.length || glob[j + 1] === "/");
      if (run === 1) toks.push({ k: "star" });
      else if (!wholeSegment) toks.push({ k: "any" });
      else if (j + 1 === glob.length) {
        toks.pop(); // the "/" before "**"
        toks.push({ k: "tail" });
      } else {
        toks.push({ k: "segs" });
        j++; // the "/" after "**"
      }
      i = j;
    }
  }
  if (globCache.size >= 500) globCache.clear();
  globCache.set(glob, toks);
  return toks;
}

export function globMatch(glob: string, path: string): boolean {
  if (!/[*?]/.test(glob)) return glob === path; // the common literal case needs no table
  const toks = compileGlob(glob);
  const n = path.length;
  // next[i] = row for tokens[t+1..]; cur[p] = tokens[t..] match path[p..]. Filled from the end.
  let next = new Uint8Array(n + 1);
  next[n] = 1;
  const nextSlash = new Int32Array(n + 1).fill(-1);
  for (let p = n - 1; p >= 0; p--) nextSlash[p] = path[p] === "/" ? p : nextSlash[p + 1];
  for (let t = toks.length - 1; t >= 0; t--) {
    const tok = toks[t];
    const cur = new Uint8Array(n + 1);
    for (let p = n; p >= 0; p--) {
      const more = p < n;
      switch (tok.k) {
        case "lit":
          cur[p] = more && path[p] === tok.c ? next[p + 1] : 0;
          break;
        case "one":
          cur[p] = more && path[p] !== "/" ? next[p + 1] : 0;
          break;
        case "star":
          cur[p] = next[p] || (more && path[p] !== "/" ? cur[p + 1] : 0);
          break;
        case "any":
          cur[p] = next[p] || (more ? cur[p + 1] : 0);
          break;
        case "segs": {
          const s = nextSlash[p];
          cur[p] = next[p] || (s !== -1 ? cur[s + 1] : 0);
          break;
        }
        case "tail":
          // Only ever the last token: the rest of the path is either empty or a "/..." subtree.
          cur[p] = p === n || path[p] === "/" ? 1 : 0;
          break;
      }
    }
    next = cur;
  }
  return next[0] === 1;
}

// ---------- bytes ----------

/** Knuth-Morris-Pratt: linear in body + needle whatever the bytes (bodies may be large and binary). */
export function indexOfBytes(hay: Uint8Array, needle: Uint8Array): number {
  if (needle.length === 0) return 0;
  const fail = new Int32Array(needle.length);
  for (let i = 1, k = 0; i < needle.length; i++) {
    while (k > 0 && needle[i] !== needle[k]) k = fail[k - 1];
    if (needle[i] === needle[k]) k++;
    fail[i] = k;
  }
  for (let i = 0, k = 0; i < hay.length; i++) {
    while (k > 0 && hay[i] !== needle[k]) k = fail[k - 1];
    if (hay[i] === needle[k]) k++;
    if (k === needle.length) return i - needle.length + 1;
  }
  return -1;
}
