import { describe, expect, it } from "vitest";
import { resolveTime } from "./filters";
import { MAX_CONDITIONS, MAX_QUERY_LENGTH, describeQueryError, formatCondition, formatQuery, parseQuery } from "./query";
import { matches } from "./match";
import { describeQuerySyntax } from "./query-help";
import { type Condition, condition } from "./schema";

/** The single condition a one-term query parses to (failing the test on any error). */
function one(q: string): Condition {
  const r = parseQuery(q);
  expect(r.errors, q).toEqual([]);
  expect(r.conditions, q).toHaveLength(1);
  return r.conditions[0];
}

describe("parseQuery: every key and operator", () => {
  it.each<[string, Condition]>([
    ["evt_1", { type: "body", op: "contains", value: "evt_1" }],
    ['"payment failed"', { type: "body", op: "contains", value: "payment failed" }],
    ["12:30", { type: "body", op: "contains", value: "12:30" }],
    ["-", { type: "body", op: "contains", value: "-" }],
    ["body:refund", { type: "body", op: "contains", value: "refund" }],
    ['body:"a b"', { type: "body", op: "contains", value: "a b" }],
    ["method:POST", { type: "method", in: ["POST"] }],
    ["method:post,Put", { type: "method", in: ["POST", "PUT"] }],
    ["path:/stripe/*", { type: "path", glob: "/stripe/*" }],
    ["path:/a:b/**", { type: "path", glob: "/a:b/**" }],
    ['path:"/a b/*"', { type: "path", glob: "/a b/*" }],
    ["header:stripe-signature", { type: "header", name: "stripe-signature", op: "exists" }],
    ["header:x-a=1", { type: "header", name: "x-a", op: "equals", value: "1" }],
    ["header:x-a=", { type: "header", name: "x-a", op: "equals", value: "" }],
    ['header:x-a=""', { type: "header", name: "x-a", op: "equals", value: "" }],
    ['header:user-agent="Stripe/1.0 (+x)"', { type: "header", name: "user-agent", op: "equals", value: "Stripe/1.0 (+x)" }],
    ["header:x-a==b", { type: "header", name: "x-a", op: "equals", value: "=b" }],
    ["header:x-e~^(push|pr)$", { type: "header", name: "x-e", op: "matches", pattern: "^(push|pr)$" }],
    ['header:"x~y"', { type: "header", name: "x~y", op: "exists" }],
    ['header:"x~y"=v', { type: "header", name: "x~y", op: "equals", value: "v" }],
    ["body.type:invoice.paid", { type: "json", path: "type", op: "equals", value: "invoice.paid" }],
    ['body.type:"a b"', { type: "json", path: "type", op: "equals", value: "a b" }],
    ["body.n:42", { type: "json", path: "n", op: "equals", value: 42 }],
    ["body.n:-1.5e3", { type: "json", path: "n", op: "equals", value: -1500 }],
    ['body.n:"42"', { type: "json", path: "n", op: "equals", value: "42" }],
    ["body.zip:01234", { type: "json", path: "zip", op: "equals", value: "01234" }],
    ["body.ok:true", { type: "json", path: "ok", op: "equals", value: true }],
    ["body.ok:false", { type: "json", path: "ok", op: "equals", value: false }],
    ["body.x:null", { type: "json", path: "x", op: "equals", value: null }],
    ['body.x:"null"', { type: "json", path: "x", op: "equals", value: "null" }],
    ["body.data.object.amount:>4000", { type: "json", path: "data.object.amount", op: "gt", value: 4000 }],
    ["body.a:>=1.5", { type: "json", path: "a", op: "gte", value: 1.5 }],
    ["body.a:<-2", { type: "json", path: "a", op: "lt", value: -2 }],
    ["body.a:<=0", { type: "json", path: "a", op: "lte", value: 0 }],
    ["body.items[0].sku:*", { type: "json", path: "items[0].sku", op: "exists" }],
    ['body[1].sku:"C-3"', { type: "json", path: "[1].sku", op: "equals", value: "C-3" }],
    ['body.x-y:"*"', { type: "json", path: "x-y", op: "equals", value: "*" }],
    ["body.id:~^evt_\\d+$", { type: "json", path: "id", op: "matches", pattern: "^evt_\\d+$" }],
    ['body.id:~"a b"', { type: "json", path: "id", op: "matches", pattern: "a b" }],
    ["body.s:(paid|refunded)", { type: "json", path: "s", op: "in", values: ["paid", "refunded"] }],
    ['body.s:(1|"1"|true|null|"a|b)")', { type: "json", path: "s", op: "in", values: [1, "1", true, null, "a|b)"] }],
    ["-method:GET", { type: "method", in: ["GET"], not: true }],
    ["-evt_1", { type: "body", op: "contains", value: "evt_1", not: true }],
    ['-"a b"', { type: "body", op: "contains", value: "a b", not: true }],
    ["-body.livemode:true", { type: "json", path: "livemode", op: "equals", value: true, not: true }],
    ["-header:x-test", { type: "header", name: "x-test", op: "exists", not: true }],
  ])("%s", (q, expected) => {
    const c = one(q);
    expect(c).toEqual(expected);
    expect(condition.parse(c)).toEqual(c);
  });

  it("unescapes \\\" and \\\\ inside quotes, and keeps backslashes outside them", () => {
    expect(one('"say \\"hi\\" \\\\o/"')).toEqual({ type: "body", op: "contains", value: 'say "hi" \\o/' });
    expect(one("a\\b")).toEqual({ type: "body", op: "contains", value: "a\\b" });
  });

  it("reads several terms, any whitespace between them, in order", () => {
    const r = parseQuery('  method:POST\tpath:/stripe/*\n header:stripe-signature  body.data.object.amount:>4000 "free text" ');
    expect(r.errors).toEqual([]);
    expect(r.conditions.map((c) => c.type)).toEqual(["method", "path", "header", "json", "body"]);
  });

  it("the empty query has no terms and no errors", () => {
    expect(parseQuery("")).toEqual({ conditions: [], filters: {}, terms: [], errors: [] });
    expect(parseQuery("   ")).toEqual({ conditions: [], filters: {}, terms: [], errors: [] });
  });
});

describe("filters", () => {
  it("after: and before: keep the value as written", () => {
    const r = parseQuery("after:1h before:2025-06-02T00:00:00+02:00 method:POST");
    expect(r.errors).toEqual([]);
    expect(r.filters).toEqual({ after: "1h", before: "2025-06-02T00:00:00+02:00" });
    expect(r.conditions).toEqual([{ type: "method", in: ["POST"] }]);
  });

  it.each(["after:45s", "after:90m", "after:2d", "after:1w", "after:2025-06-01", "after:2025-06-01T12:00Z", "after:2025-06-01T12:00:00.123-05:30"])("accepts %s", (q) => {
    expect(parseQuery(q).errors).toEqual([]);
  });

  it("resolves relative times back from now, absolute ones as written", () => {
    const now = new Date("2025-06-01T12:00:00Z");
    expect(resolveTime("90m", now).toISOString()).toBe("2025-06-01T10:30:00.000Z");
    expect(resolveTime("2d", now).toISOString()).toBe("2025-05-30T12:00:00.000Z");
    expect(resolveTime("1w", now).toISOString()).toBe("2025-05-25T12:00:00.000Z");
    expect(resolveTime("2025-06-01", now).toISOString()).toBe("2025-06-01T00:00:00.000Z");
    expect(resolveTime("2025-06-01T12:00:00+02:00", now).toISOString()).toBe("2025-06-01T10:00:00.000Z");
  });
});

describe("terms: spans and chip labels", () => {
  it("gives each valid term its span, text, label and what it became", () => {
    const q = 'method:POST,PUT -header:x-test body.amount:>=10 "a b" after:1h';
    const r = parseQuery(q);
    expect(r.errors).toEqual([]);
    expect(r.terms.map((t) => [q.slice(t.start, t.end), t.text, t.label])).toEqual([
      ["method:POST,PUT", "method:POST,PUT", "method POST or PUT"],
      ["-header:x-test", "-header:x-test", "not header x-test"],
      ["body.amount:>=10", "body.amount:>=10", "body.amount ≥ 10"],
      ['"a b"', '"a b"', 'body contains "a b"'],
      ["after:1h", "after:1h", "received after 1h ago"],
    ]);
    expect(r.terms[2]).toMatchObject({ kind: "condition", condition: r.conditions[2] });
    expect(r.terms[4]).toMatchObject({ kind: "filter", key: "after", value: "1h" });
  });
});

describe("errors: reported with the term's span, never thrown", () => {
  it.each<[string, string, RegExp]>([
    ["method:POST foo:bar", "foo:bar", /unknown key foo: keys are method, path, header, body, body\.<field>, sig, after, before, is/],
    ["http://example.com", "http://example.com", /unknown key http/],
    ['a "unclosed phrase', '"unclosed phrase', /unterminated quote/],
    ['"a"b', '"a"b', /text after the closing quote/],
    ['ab"c"', 'ab"c"', /a quote inside the text/],
    ['ab"c', 'ab"c', /unterminated quote/],
    ["method:", "method:", /missing method/],
    ["method:POST,", "method:POST,", /empty method/],
    ["method:P(ST", "method:P(ST", /method must be an upper-case method token/],
    ["path:stripe", "path:stripe", /path must start with \//],
    ["header:", "header:", /missing header name/],
    ["header:x-a~", "header:x-a~", /missing regex/],
    ["header:x-a~(a", "header:x-a~(a", /regex must be a valid regular expression/],
    ["header:x-a~(?<=a)b", "header:x-a~(?<=a)b", /linear time/],
    ['header:"x"y', 'header:"x"y', /expected = or ~ after the header name/],
    ["header:x(y", "header:x(y", /header name must be a valid header name/],
    ["body.a:", "body.a:", /missing value \(e\.g\. body\.a:paid/],
    ["body.a:>", "body.a:>", /missing number/],
    ["body.a:>abc", "body.a:>abc", /expected a number, not abc/],
    ["body.a:>1e999", "body.a:>1e999", /out of range/],
    ["body.a:~", "body.a:~", /missing regex/],
    ["body.a:()", "body.a:()", /empty list element/],
    ["body.a:(a|)", "body.a:(a|)", /empty list element/],
    ["body.a:(a|b", "body.a:(a|b", /unclosed list/],
    ["body.a:(a)b", "body.a:(a)b", /text after the closing \)/],
    ['body.a:(a"b")', 'body.a:(a"b")', /quote inside a list element/],
    ["body.a..b:1", "body.a..b:1", /JSON path must be a dotted path/],
    ["body.:1", "body.:1", /JSON path must be a dotted path/],
    ["body.a')--:1", "body.a')--:1", /JSON path must be a dotted path/],
    ["after:yesterday", "after:yesterday", /expected a time such as 1h/],
    ["after:2025-06-01T12:00", "after:2025-06-01T12:00", /expected a time/],
    ["after:2025-13-45", "after:2025-13-45", /expected a time/],
    ["after:1h after:2h", "after:2h", /after: given more than once/],
    ["-after:1h", "-after:1h", /after: cannot be negated/],
  ])("%s", (q, term, message) => {
    const r = parseQuery(q);
    expect(r.errors).toHaveLength(1);
    const e = r.errors[0];
    expect(q.slice(e.start, e.end)).toBe(term);
    expect(e.message).toMatch(message);
    // The bad term is left out; the others still count.
    expect(r.terms.map((t) => t.text)).not.toContain(term);
  });

  it("keeps the good terms around a bad one", () => {
    const r = parseQuery("method:POST nope:1 path:/a");
    expect(r.conditions).toEqual([{ type: "method", in: ["POST"] }, { type: "path", glob: "/a" }]);
    expect(r.errors).toEqual([{ start: 12, end: 18, message: expect.stringMatching(/^unknown key nope/) }]);
  });

  it("describes an error as one sentence naming the term and its position", () => {
    const q = "method:POST nope:1";
    expect(describeQueryError(q, parseQuery(q).errors[0])).toMatch(/^unknown key nope: .*: `nope:1` at characters 12-18$/);
  });

  it("refuses more than the conditions a rule may have, and an over-long query", () => {
    const many = parseQuery(Array.from({ length: MAX_CONDITIONS + 2 }, (_, i) => `w${i}`).join(" "));
    expect(many.conditions).toHaveLength(MAX_CONDITIONS);
    expect(many.errors.map((e) => e.message)).toEqual([`at most ${MAX_CONDITIONS} conditions`, `at most ${MAX_CONDITIONS} conditions`]);
    const text = "a".repeat(MAX_QUERY_LENGTH + 100);
    const long = parseQuery(text);
    expect(long.errors[0]).toEqual({ start: MAX_QUERY_LENGTH, end: MAX_QUERY_LENGTH + 100, message: expect.stringMatching(/longer than/) });
    expect(describeQueryError(text, long.errors[0])).toBe(`the query is longer than 4000 characters: \`${"a".repeat(80)}…\` at characters 4000-4100`);
  });

  it("never throws on arbitrary input", () => {
    const alphabet = ['"', "\\", ":", "-", " ", "(", ")", "|", "~", "=", ">", "<", "*", ".", "[", "]", "a", "0", "body", "header", "method", "path", "after", "é", "\u2028"];
    let seed = 1;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    for (let i = 0; i < 3000; i++) {
      const q = Array.from({ length: 1 + rnd(14) }, () => alphabet[rnd(alphabet.length)]).join("");
      const r = parseQuery(q);
      for (const c of r.conditions) expect(condition.safeParse(c).success, q).toBe(true);
      for (const e of r.errors) expect(e.start < e.end && e.end <= q.length, q).toBe(true);
    }
  });
});

describe("formatQuery", () => {
  it.each<[Condition, string]>([
    [{ type: "body", op: "contains", value: "evt_1" }, "evt_1"],
    [{ type: "body", op: "contains", value: "a b" }, '"a b"'],
    [{ type: "body", op: "contains", value: "-x" }, '"-x"'],
    [{ type: "body", op: "contains", value: "a:b" }, '"a:b"'],
    [{ type: "body", op: "contains", value: 'q"\\' }, '"q\\"\\\\"'],
    [{ type: "method", in: ["POST", "PUT"] }, "method:POST,PUT"],
    [{ type: "path", glob: "/a b" }, 'path:"/a b"'],
    [{ type: "header", name: "x~y", op: "exists" }, 'header:"x~y"'],
    [{ type: "header", name: "x", op: "equals", value: "" }, 'header:x=""'],
    [{ type: "json", path: "[0].a", op: "equals", value: "true" }, 'body[0].a:"true"'],
    [{ type: "json", path: "a", op: "equals", value: "42" }, 'body.a:"42"'],
    [{ type: "json", path: "a", op: "equals", value: ">5" }, 'body.a:">5"'],
    [{ type: "json", path: "a", op: "equals", value: -0 }, "body.a:-0"],
    [{ type: "json", path: "a", op: "in", values: ["a|b", "c", 1] }, 'body.a:("a|b"|c|1)'],
    [{ type: "json", path: "a", op: "lte", value: 1e21 }, "body.a:<=1e+21"],
    [{ type: "json", path: "a", op: "matches", pattern: "^a b$", not: true }, '-body.a:~"^a b$"'],
  ])("%j -> %s", (c, text) => {
    expect(formatCondition(c)).toBe(text);
    expect(one(text)).toEqual(c);
  });

  it("writes conditions in order, then filters", () => {
    expect(formatQuery([{ type: "method", in: ["POST"] }, { type: "path", glob: "/a/*" }], { before: "2025-06-01", after: "1h" })).toBe(
      "method:POST path:/a/* after:1h before:2025-06-01",
    );
  });
});

// ---------- round trip over generated conditions ----------

function generator(seed: number) {
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)];
  const CHARS = ["a", "Z", "0", "9", " ", '"', "\\", ":", "-", "|", "(", ")", "*", ">", "<", "~", "=", ",", ".", "é", "☕", "\t", "/", "'", "[", "]"];
  const text = (min = 1) => Array.from({ length: min + rnd(8) }, () => pick(CHARS)).join("");
  const scalar = () =>
    pick<() => string | number | boolean | null>([
      () => text(0), () => pick(["true", "false", "null", "42", "-0", "1e5", "*", ">1", "(a)"]), () => rnd(100000) / (1 + rnd(7)) - 500,
      () => -0, () => 1e21, () => pick([true, false, null]),
    ])();
  const name = () => Array.from({ length: 1 + rnd(6) }, () => pick([..."abcXYZ019-_~!#$%&'*+.^`|"])).join("");
  const path = () => {
    let p = pick(["a", "_b", "$c", "d-e", "[0]"]);
    for (let i = rnd(4); i > 0; i--) p += pick([".x", ".y_1", "[12]", ".z-z"]);
    return p;
  };
  const regex = () => pick(["^a$", "a b", 'say "hi"', "\\d+", "(x|y)", "[\\w-]+", "a\\\\b", "-x", "\\s"]);
  const conditionOf = (): Condition => {
    const base: Condition = pick<() => Condition>([
      () => ({ type: "method", in: Array.from({ length: 1 + rnd(3) }, () => pick(["GET", "POST", "PURGE", "M-SEARCH", "X_1"])) }),
      () => ({ type: "path", glob: "/" + text(0) }),
      () => ({ type: "header", name: name(), op: "exists" }),
      () => ({ type: "header", name: name(), op: "equals", value: text(0) }),
      () => ({ type: "header", name: name(), op: "matches", pattern: regex() }),
      () => ({ type: "json", path: path(), op: "exists" }),
      () => ({ type: "json", path: path(), op: "equals", value: scalar() }),
      () => ({ type: "json", path: path(), op: "in", values: Array.from({ length: 1 + rnd(4) }, scalar) }),
      () => ({ type: "json", path: path(), op: pick(["gt", "gte", "lt", "lte"] as const), value: pick([0, -3, 2.5, 1e-7, 123456789]) }),
      () => ({ type: "json", path: path(), op: "matches", pattern: regex() }),
      () => ({ type: "body", op: "contains", value: text() }),
    ])();
    return rnd(4) === 0 ? { ...base, not: true } : base;
  };
  return { conditionOf, rnd };
}

describe("round trip: parseQuery(formatQuery(x)) gives x back", () => {
  it("for 2,000 generated condition lists with filters", () => {
    const { conditionOf, rnd } = generator(42);
    for (let i = 0; i < 2000; i++) {
      const conditions = Array.from({ length: rnd(6) }, conditionOf).map((c) => condition.parse(c));
      const filters = rnd(2) ? { after: rnd(2) ? "15m" : "2025-06-01T00:00:00Z" } : {};
      const text = formatQuery(conditions, filters);
      const back = parseQuery(text);
      expect(back.errors, text).toEqual([]);
      expect(back.conditions, text).toEqual(conditions);
      expect(back.filters, text).toEqual(filters);
      // Canonical: formatting what was parsed gives the same text.
      expect(formatQuery(back.conditions, back.filters)).toBe(text);
    }
  });

  it("for the examples in the syntax help, which all parse cleanly", () => {
    const help = describeQuerySyntax();
    expect(help.map((h) => h.key)).toEqual(["text", "method", "path", "header", "body.<field>", "body", "sig", "after", "before", "is", "-", '"..."']);
    for (const example of help.flatMap((h) => h.examples)) {
      const r = parseQuery(example);
      expect(r.errors, example).toEqual([]);
      expect(r.terms.length, example).toBeGreaterThan(0);
      expect(parseQuery(formatQuery(r.conditions, r.filters))).toMatchObject({ conditions: r.conditions, filters: r.filters });
    }
  });
});

describe("signature and duplicate terms", () => {
  it("reads sig:<status> as a condition (rules can use it) and is:duplicate as a search filter", () => {
    const q = parseQuery("sig:valid -sig:none is:duplicate");
    expect(q.errors).toEqual([]);
    expect(q.conditions).toEqual([{ type: "signature", status: "valid" }, { type: "signature", status: "none", not: true }]);
    expect(q.filters).toEqual({ is: "duplicate" });
    expect(q.terms.map((t) => t.label)).toEqual(["signature valid", "not signature none", "duplicates"]);
    expect(formatQuery(q.conditions, q.filters)).toBe("sig:valid -sig:none is:duplicate");
  });

  it("names what is wrong", () => {
    expect(parseQuery("sig:bogus").errors[0].message).toMatch(/^signature status must be one of valid, invalid, expired, missing, none/);
    expect(parseQuery("is:new").errors[0].message).toBe("is: only is:duplicate exists, not is:new");
  });

  it("matches the capture's signature status; absent means none", () => {
    const input = { method: "POST", path: "/", headers: [], body: new Uint8Array(), contentType: null };
    expect(matches([{ type: "signature", status: "valid" }], { ...input, signatureStatus: "valid" })).toBe(true);
    expect(matches([{ type: "signature", status: "valid" }], { ...input, signatureStatus: "invalid" })).toBe(false);
    expect(matches([{ type: "signature", status: "none" }], input)).toBe(true);
  });
});
