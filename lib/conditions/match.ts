import { type Condition, parseJsonPath } from "./schema";
import { globMatch } from "./glob";
import { compileRegex, testBounded } from "./regex";
import { utf8OrNull } from "@/lib/requests/utf8";

/**
 * Evaluates conditions against a request. Everything here is pure and bounded: each condition does
 * work linear in the request size (regexes included: see the linear-time engine in regex.ts),
 * because it runs on the capture path for every request.
 */

export type MatchInput = {
  method: string; path: string; headers: [string, string][]; body: Uint8Array; contentType: string | null;
  /** The capture's signature check (lib/signatures); absent counts as "none". */
  signatureStatus?: string;
};

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
  return c.not ? !holds(c, ctx) : holds(c, ctx);
}

function holds(c: Condition, ctx: Context): boolean {
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
    case "signature":
      return (input.signatureStatus ?? "none") === c.status;
  }
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
