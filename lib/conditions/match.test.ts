import { afterEach, describe, expect, it, vi } from "vitest";
import { globMatch } from "./glob";
import { type MatchInput, explain, indexOfBytes, matches } from "./match";
import { REGEX_INPUT_LIMIT } from "./regex";
import { condition, conditionList } from "./schema";

const enc = (s: string) => new TextEncoder().encode(s);
function req(over: Partial<Omit<MatchInput, "body">> & { body?: string | Uint8Array } = {}): MatchInput {
  const body = over.body === undefined ? new Uint8Array() : typeof over.body === "string" ? enc(over.body) : over.body;
  return { method: "POST", path: "/", headers: [], contentType: "application/json", ...over, body };
}
/** Every condition in a test goes through the schema first, so tests only use definitions the API accepts. */
const check = (c: unknown, input: MatchInput) => matches([condition.parse(c)], input);

type Row = [label: string, cond: unknown, input: MatchInput, expected: boolean];
const table = (rows: Row[]) =>
  it.each(rows)("%s", (_label, c, input, expected) => {
    expect(check(c, input)).toBe(expected);
    expect(explain([condition.parse(c)], input)[0].ok).toBe(expected);
  });

describe("method", () => {
  const c = { type: "method", in: ["POST", "PUT"] };
  table([
    ["listed method", c, req({ method: "POST" }), true],
    ["second listed method", c, req({ method: "PUT" }), true],
    ["unlisted method", c, req({ method: "GET" }), false],
    ["case-sensitive (lower-case custom method)", c, req({ method: "post" }), false],
    ["extension token", { type: "method", in: ["PURGE"] }, req({ method: "PURGE" }), true],
  ]);
});

describe("path glob", () => {
  const g = (glob: string) => ({ type: "path", glob });
  table([
    ["exact literal", g("/a/b"), req({ path: "/a/b" }), true],
    ["anchored at the end", g("/a/b"), req({ path: "/a/b/c" }), false],
    ["anchored at the start", g("/b"), req({ path: "/a/b" }), false],
    ["* within a segment", g("/a/*"), req({ path: "/a/b" }), true],
    ["* matches an empty segment", g("/a/*"), req({ path: "/a/" }), true],
    ["* does not cross /", g("/a/*"), req({ path: "/a/b/c" }), false],
    ["* inside a segment", g("/evt-*.json"), req({ path: "/evt-42.json" }), true],
    ["several * in one segment", g("/*-*-*"), req({ path: "/a-b-c" }), true],
    ["several * do not cross /", g("/*-*"), req({ path: "/a/-b" }), false],
    ["/a/** matches deep", g("/a/**"), req({ path: "/a/b/c" }), true],
    ["/a/** matches /a itself", g("/a/**"), req({ path: "/a" }), true],
    ["/a/** matches /a/", g("/a/**"), req({ path: "/a/" }), true],
    ["/a/** is not a prefix match on the segment", g("/a/**"), req({ path: "/ab" }), false],
    ["/** matches the root", g("/**"), req({ path: "/" }), true],
    ["/** matches anything", g("/**"), req({ path: "/x/y/z" }), true],
    ["/**/x matches /x", g("/**/x"), req({ path: "/x" }), true],
    ["/**/x matches deep /x", g("/**/x"), req({ path: "/a/b/x" }), true],
    ["/**/x needs the last segment to be x", g("/**/x"), req({ path: "/a/bx" }), false],
    ["/**/x is anchored at the end", g("/**/x"), req({ path: "/a/x/y" }), false],
    ["/a/**/b zero segments", g("/a/**/b"), req({ path: "/a/b" }), true],
    ["/a/**/b many segments", g("/a/**/b"), req({ path: "/a/1/2/b" }), true],
    ["** inside a segment crosses /", g("/a**z"), req({ path: "/a/b/z" }), true],
    ["? one character", g("/a?c"), req({ path: "/abc" }), true],
    ["? needs exactly one", g("/a?c"), req({ path: "/ac" }), false],
    ["? not two", g("/a?c"), req({ path: "/abbc" }), false],
    ["? does not match /", g("/a?c"), req({ path: "/a/c" }), false],
    ["literal dot", g("/v1.0/x"), req({ path: "/v1.0/x" }), true],
    ["dot is not a regex wildcard", g("/v1.0/x"), req({ path: "/v1x0/x" }), false],
    ["regex metacharacters are literal", g("/v1.0/(x)+"), req({ path: "/v1.0/(x)+" }), true],
    ["(x)+ is not a group", g("/v1.0/(x)+"), req({ path: "/v1.0/xx" }), false],
    ["[] ^ $ | \\ are literal", g("/[a]^$|\\"), req({ path: "/[a]^$|\\" }), true],
    ["[a] is not a class", g("/[a]"), req({ path: "/a" }), false],
    ["percent-encoding is not decoded", g("/a%20b"), req({ path: "/a%20b" }), true],
    ["no decoding either way", g("/a b"), req({ path: "/a%20b" }), false],
    ["query is not part of the path", g("/a"), req({ path: "/a" }), true],
  ]);

  it("stays fast with many wildcards on a long path (no backtracking blow-up)", () => {
    const glob = "/" + "*a".repeat(20) + "*b";
    const path = "/" + "a".repeat(8000);
    const t = performance.now();
    expect(globMatch(glob, path)).toBe(false);
    expect(performance.now() - t).toBeLessThan(1000);
  });
});

describe("header", () => {
  const h = (headers: [string, string][]) => req({ headers });
  table([
    ["exists", { type: "header", name: "X-Sig", op: "exists" }, h([["x-sig", "1"]]), true],
    ["exists, name case-insensitive", { type: "header", name: "x-sig", op: "exists" }, h([["X-SIG", "1"]]), true],
    ["exists, absent", { type: "header", name: "X-Sig", op: "exists" }, h([["x-other", "1"]]), false],
    ["exists, empty value still exists", { type: "header", name: "X-Sig", op: "exists" }, h([["x-sig", ""]]), true],
    ["equals", { type: "header", name: "X-Event", op: "equals", value: "push" }, h([["X-Event", "push"]]), true],
    ["equals, value is case-sensitive", { type: "header", name: "X-Event", op: "equals", value: "push" }, h([["X-Event", "Push"]]), false],
    ["equals, absent", { type: "header", name: "X-Event", op: "equals", value: "push" }, h([]), false],
    ["equals, any duplicate", { type: "header", name: "x-event", op: "equals", value: "b" }, h([["X-Event", "a"], ["x-event", "b"]]), true],
    ["equals, no duplicate", { type: "header", name: "x-event", op: "equals", value: "c" }, h([["X-Event", "a"], ["x-event", "b"]]), false],
    ["equals, comma-joined is one value", { type: "header", name: "x-event", op: "equals", value: "a" }, h([["x-event", "a, b"]]), false],
    ["matches", { type: "header", name: "User-Agent", op: "matches", pattern: "^Stripe/" }, h([["user-agent", "Stripe/1.0"]]), true],
    ["matches, no match", { type: "header", name: "User-Agent", op: "matches", pattern: "^Stripe/" }, h([["user-agent", "curl/8"]]), false],
    ["matches, no flags: case-sensitive", { type: "header", name: "User-Agent", op: "matches", pattern: "stripe" }, h([["user-agent", "Stripe"]]), false],
    ["matches, any duplicate", { type: "header", name: "X-Tag", op: "matches", pattern: "^b\\d$" }, h([["x-tag", "a1"], ["X-TAG", "b2"]]), true],
    ["matches, absent", { type: "header", name: "X-Tag", op: "matches", pattern: ".*" }, h([]), false],
    ["matches, explicit empty flags", { type: "header", name: "X-Tag", op: "matches", pattern: "a", flags: "" }, h([["x-tag", "a"]]), true],
  ]);
});

describe("json", () => {
  const doc = JSON.stringify({
    type: "invoice.paid",
    n: 5,
    s: "5",
    z: 0,
    f: false,
    nul: null,
    data: { object: { id: "in_1", amount: 1999 } },
    items: [{ sku: "A-1" }, { sku: "B-2" }],
    a: { b: [0, 1, [10, [11, 12], { c: "deep" }]] },
    "with-dash": 1,
    $dollar: "yes",
  });
  const j = (path: string, rest: object) => ({ type: "json", path, ...rest });
  const body = req({ body: doc });
  table([
    ["exists", j("type", { op: "exists" }), body, true],
    ["exists, nested", j("data.object.id", { op: "exists" }), body, true],
    ["exists, null value is present", j("nul", { op: "exists" }), body, true],
    ["exists, false value is present", j("f", { op: "exists" }), body, true],
    ["exists, missing", j("data.object.nope", { op: "exists" }), body, false],
    ["exists, through null", j("nul.x", { op: "exists" }), body, false],
    ["exists, through a string", j("type.length", { op: "exists" }), body, false],
    ["exists, index out of range", j("items[2]", { op: "exists" }), body, false],
    ["exists, name on an array", j("items.length", { op: "exists" }), body, false],
    ["exists, index on an object", j("data[0]", { op: "exists" }), body, false],
    ["exists, prototype is not reachable", j("constructor", { op: "exists" }), body, false],
    ["exists, dash and $ names", j("with-dash", { op: "exists" }), body, true],
    ["exists, $ name", j("$dollar", { op: "equals", value: "yes" }), body, true],
    ["equals string", j("type", { op: "equals", value: "invoice.paid" }), body, true],
    ["equals string, different", j("type", { op: "equals", value: "invoice.failed" }), body, false],
    ["equals number", j("n", { op: "equals", value: 5 }), body, true],
    ["equals strict: number field vs string", j("n", { op: "equals", value: "5" }), body, false],
    ["equals strict: string field vs number", j("s", { op: "equals", value: 5 }), body, false],
    ["equals strict: 0 is not false", j("z", { op: "equals", value: false }), body, false],
    ["equals boolean", j("f", { op: "equals", value: false }), body, true],
    ["equals null", j("nul", { op: "equals", value: null }), body, true],
    ["equals null, missing is not null", j("missing", { op: "equals", value: null }), body, false],
    ["equals, object never equals a scalar", j("data", { op: "equals", value: "[object Object]" }), body, false],
    ["equals, array element", j("items[1].sku", { op: "equals", value: "B-2" }), body, true],
    ["equals, nested arrays", j("a.b[2][1][1]", { op: "equals", value: 12 }), body, true],
    ["equals, object in nested arrays", j("a.b[2][2].c", { op: "equals", value: "deep" }), body, true],
    ["equals, nested arrays wrong index", j("a.b[2][1][0]", { op: "equals", value: 12 }), body, false],
    ["in", j("type", { op: "in", values: ["invoice.created", "invoice.paid"] }), body, true],
    ["in, absent from list", j("type", { op: "in", values: ["a", "b"] }), body, false],
    ["in, strict types", j("n", { op: "in", values: ["5", true] }), body, false],
    ["in, mixed types", j("n", { op: "in", values: ["x", 5] }), body, true],
    ["in, null", j("nul", { op: "in", values: [null] }), body, true],
    ["in, missing", j("missing", { op: "in", values: [null] }), body, false],
    ["gt", j("n", { op: "gt", value: 4 }), body, true],
    ["gt, equal is not greater", j("n", { op: "gt", value: 5 }), body, false],
    ["gt, numeric string does not count", j("s", { op: "gt", value: 4 }), body, false],
    ["gt, null does not count", j("nul", { op: "gt", value: -1 }), body, false],
    ["gt, boolean does not count", j("f", { op: "gt", value: -1 }), body, false],
    ["gte equal", j("n", { op: "gte", value: 5 }), body, true],
    ["gte below", j("n", { op: "gte", value: 6 }), body, false],
    ["lt", j("data.object.amount", { op: "lt", value: 2000 }), body, true],
    ["lt, equal is not less", j("data.object.amount", { op: "lt", value: 1999 }), body, false],
    ["lte equal", j("z", { op: "lte", value: 0 }), body, true],
    ["lte above", j("n", { op: "lte", value: 4.5 }), body, false],
    ["lt, missing", j("missing", { op: "lt", value: 10 }), body, false],
    ["matches", j("data.object.id", { op: "matches", pattern: "^in_\\d+$" }), body, true],
    ["matches, no match", j("data.object.id", { op: "matches", pattern: "^ch_" }), body, false],
    ["matches, only for strings (number)", j("n", { op: "matches", pattern: "5" }), body, false],
    ["matches, only for strings (null)", j("nul", { op: "matches", pattern: "null" }), body, false],
    ["matches, missing", j("missing", { op: "matches", pattern: ".*" }), body, false],
  ]);

  const typeIs = j("type", { op: "equals", value: "x" });
  const exists = j("type", { op: "exists" });
  table([
    ["non-JSON body", exists, req({ body: "type=x" }), false],
    ["empty body", exists, req({ body: "" }), false],
    ["truncated JSON", exists, req({ body: '{"type":"x"' }), false],
    ["invalid UTF-8 is not JSON", exists, req({ body: Uint8Array.of(0x7b, 0x22, 0x74, 0x22, 0x3a, 0xff, 0x7d) }), false],
    ["top-level array, name path", exists, req({ body: '[{"type":"x"}]' }), false],
    ["top-level array, index path", j("[0].type", { op: "equals", value: "x" }), req({ body: '[{"type":"x"}]' }), true],
    ["top-level scalar", exists, req({ body: '"type"' }), false],
    ["content type is not consulted (mislabelled JSON)", typeIs, req({ body: '{"type":"x"}', contentType: "text/plain" }), true],
    ["UTF-8 BOM is tolerated", typeIs, req({ body: Uint8Array.of(0xef, 0xbb, 0xbf, ...enc('{"type":"x"}')) }), true],
    ["non-ASCII values", j("type", { op: "equals", value: "café ☕" }), req({ body: '{"type":"café ☕"}' }), true],
    ["__proto__ key is an ordinary own key", j("__proto__.x", { op: "equals", value: 1 }), req({ body: '{"__proto__":{"x":1}}' }), true],
  ]);
});

describe("body contains", () => {
  const c = (value: string) => ({ type: "body", op: "contains", value });
  table([
    ["substring", c("paid"), req({ body: '{"type":"invoice.paid"}' }), true],
    ["absent", c("failed"), req({ body: '{"type":"invoice.paid"}' }), false],
    ["case-sensitive", c("PAID"), req({ body: "paid" }), false],
    ["empty body", c("x"), req({ body: "" }), false],
    ["whole body", c("abc"), req({ body: "abc" }), true],
    ["needle longer than body", c("abcd"), req({ body: "abc" }), false],
    ["at the very end", c("z"), req({ body: "xyz" }), true],
    ["UTF-8 needle", c("☕"), req({ body: "coffee ☕!" }), true],
    ["binary body", c("PNG"), req({ body: Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x00, 0xff) }), true],
    ["invalid UTF-8 around the needle", c("ok"), req({ body: Uint8Array.of(0xff, 0xfe, 0x6f, 0x6b, 0xc3) }), true],
    ["overlapping prefix (KMP restart)", c("aab"), req({ body: "aaab" }), true],
    ["repeated near-miss", c("abab_"), req({ body: "abababab_" }), true],
  ]);

  it("indexOfBytes agrees with a naive search", () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 3;
    for (let i = 0; i < 300; i++) {
      const hay = Uint8Array.from({ length: 1 + (i % 40) }, rnd);
      const needle = Uint8Array.from({ length: 1 + (i % 5) }, rnd);
      const naive = Buffer.from(hay).indexOf(Buffer.from(needle));
      expect(indexOfBytes(hay, needle)).toBe(naive);
    }
  });
});

describe("regex evaluation bound", () => {
  it("only the first 64 KiB of a value is tested", () => {
    const long = "a".repeat(REGEX_INPUT_LIMIT) + "MARK";
    const body = req({ body: JSON.stringify({ s: long }) });
    expect(check({ type: "json", path: "s", op: "matches", pattern: "MARK" }, body)).toBe(false);
    expect(check({ type: "json", path: "s", op: "matches", pattern: "^a+$" }, body)).toBe(true);
    expect(check({ type: "body", op: "contains", value: "MARK" }, body)).toBe(true); // body search is not bounded
  });
});

describe("not", () => {
  const n = (c: object) => ({ ...c, not: true });
  const json = req({ headers: [["X-A", "1"]], body: '{"type":"paid","n":3}' });
  table([
    ["negated method", n({ type: "method", in: ["GET"] }), req({ method: "POST" }), true],
    ["negated method that holds", n({ type: "method", in: ["POST"] }), req({ method: "POST" }), false],
    ["negated glob", n({ type: "path", glob: "/a/*" }), req({ path: "/b/c" }), true],
    ["negated header exists", n({ type: "header", name: "x-a", op: "exists" }), json, false],
    ["negated header equals, absent header", n({ type: "header", name: "x-b", op: "equals", value: "1" }), json, true],
    ["negated header matches", n({ type: "header", name: "x-a", op: "matches", pattern: "^2$" }), json, true],
    ["negated json equals, other value", n({ type: "json", path: "type", op: "equals", value: "failed" }), json, true],
    ["negated json equals, same value", n({ type: "json", path: "type", op: "equals", value: "paid" }), json, false],
    ["negated json equals, missing field holds", n({ type: "json", path: "nope", op: "equals", value: "paid" }), json, true],
    ["negated json gt, non-JSON body holds", n({ type: "json", path: "n", op: "gt", value: 1 }), req({ body: "n=3" }), true],
    ["negated json exists", n({ type: "json", path: "n", op: "exists" }), json, false],
    ["negated json in", n({ type: "json", path: "n", op: "in", values: [1, 2] }), json, true],
    ["negated json matches", n({ type: "json", path: "type", op: "matches", pattern: "^pa" }), json, false],
    ["negated body contains", n({ type: "body", op: "contains", value: "paid" }), json, false],
    ["negated body contains, absent text", n({ type: "body", op: "contains", value: "refund" }), json, true],
    ["not: false is the plain condition", { type: "body", op: "contains", value: "paid", not: false }, json, true],
  ]);
});

describe("matches / explain", () => {
  afterEach(() => vi.restoreAllMocks());
  const input = req({ method: "POST", path: "/stripe/events", headers: [["Stripe-Signature", "t=1"]], body: '{"type":"invoice.paid","n":3}' });
  const list = conditionList.parse([
    { type: "method", in: ["POST"] },
    { type: "path", glob: "/stripe/**" },
    { type: "json", path: "type", op: "equals", value: "invoice.paid" },
    { type: "json", path: "n", op: "gt", value: 5 },
    { type: "header", name: "stripe-signature", op: "exists" },
  ]);

  it("requires ALL conditions", () => {
    expect(matches(list, input)).toBe(false);
    expect(matches(list.filter((_, i) => i !== 3), input)).toBe(true);
  });
  it("an empty list holds", () => expect(matches([], input)).toBe(true));
  it("explain reports every condition in order, without short-circuit", () => {
    expect(explain(list, input).map((e) => e.ok)).toEqual([true, true, true, false, true]);
    expect(explain(list, input)[2].condition).toBe(list[2]);
  });
  it("parses the body at most once per call, and only when a json condition needs it", () => {
    const spy = vi.spyOn(JSON, "parse");
    matches(list.filter((_, i) => i !== 3), input);
    expect(spy).toHaveBeenCalledTimes(1);
    explain(list, input);
    expect(spy).toHaveBeenCalledTimes(2);
    matches(list.slice(0, 2), input);
    expect(spy).toHaveBeenCalledTimes(2);
    matches([{ type: "method", in: ["GET"] }, ...list], input); // short-circuits before the json ones
    expect(spy).toHaveBeenCalledTimes(2);
  });
});

describe("regex safety", () => {
  it("runs a catastrophic-backtracking pattern in linear time", () => {
    const conditions = conditionList.parse([{ type: "header", name: "X-A", op: "matches", pattern: "^(a+)+$" }]);
    const input = { method: "POST", path: "/", headers: [["X-A", "a".repeat(20_000) + "b"]] as [string, string][], body: new Uint8Array(), contentType: null };
    const started = performance.now();
    expect(matches(conditions, input)).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
