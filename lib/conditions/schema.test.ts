import { describe, expect, it } from "vitest";
import { z } from "zod";
import { toErrorEnvelope } from "@/lib/http/errors";
import { compileWithoutLinearEngine } from "./regex";
import { type Condition, condition, conditionList } from "./schema";

describe("schema", () => {
  const rule = z.object({ conditions: conditionList });
  const ok = { type: "method", in: ["POST"] };
  /** Parses the bad definition at index 2 and returns the first issue. */
  function refuse(bad: unknown) {
    const r = rule.safeParse({ conditions: [ok, ok, bad] });
    expect(r.success).toBe(false);
    return r.error!.issues[0];
  }

  it.each<[string, unknown, (string | number)[], string?]>([
    ["unknown type", { type: "query", key: "a" }, ["conditions", 2, "type"]],
    ["missing type", { in: ["POST"] }, ["conditions", 2, "type"]],
    ["not an object", "method", ["conditions", 2]],
    ["method not a token", { type: "method", in: ["PO ST"] }, ["conditions", 2, "in", 0], "method token"],
    ["method lower-case", { type: "method", in: ["POST", "get"] }, ["conditions", 2, "in", 1], "upper-case"],
    ["method list empty", { type: "method", in: [] }, ["conditions", 2, "in"]],
    ["method list too long", { type: "method", in: Array(21).fill("GET") }, ["conditions", 2, "in"]],
    ["glob without leading /", { type: "path", glob: "a/*" }, ["conditions", 2, "glob"], "must start with /"],
    ["glob too long", { type: "path", glob: "/" + "a".repeat(600) }, ["conditions", 2, "glob"]],
    ["header unknown op", { type: "header", name: "X-A", op: "contains", value: "x" }, ["conditions", 2, "op"]],
    ["header bad name", { type: "header", name: "X A", op: "exists" }, ["conditions", 2, "name"], "header name"],
    ["header equals missing value", { type: "header", name: "X-A", op: "equals" }, ["conditions", 2, "value"]],
    ["header bad regex", { type: "header", name: "X-A", op: "matches", pattern: "(a" }, ["conditions", 2, "pattern"], "must be a valid regular expression"],
    ["header regex flags", { type: "header", name: "X-A", op: "matches", pattern: "a", flags: "i" }, ["conditions", 2, "flags"], "flags"],
    ["pattern too long", { type: "header", name: "X-A", op: "matches", pattern: "a".repeat(201) }, ["conditions", 2, "pattern"], "200"],
    ["pattern empty", { type: "json", path: "a", op: "matches", pattern: "" }, ["conditions", 2, "pattern"]],
    ["json bad regex", { type: "json", path: "a", op: "matches", pattern: "a{2,1}" }, ["conditions", 2, "pattern"], "must be a valid regular expression"],
    ["json inline flag group (unsupported)", { type: "json", path: "a", op: "matches", pattern: "(?i)a" }, ["conditions", 2, "pattern"]],
    ["json equals missing value", { type: "json", path: "a", op: "equals" }, ["conditions", 2, "value"]],
    ["json equals object value", { type: "json", path: "a", op: "equals", value: { x: 1 } }, ["conditions", 2, "value"]],
    ["json gt with a string", { type: "json", path: "a", op: "gt", value: "5" }, ["conditions", 2, "value"]],
    ["json in without values", { type: "json", path: "a", op: "in", values: [] }, ["conditions", 2, "values"]],
    ["json unknown op", { type: "json", path: "a", op: "ne", value: 1 }, ["conditions", 2, "op"]],
    ["json path empty", { type: "json", path: "", op: "exists" }, ["conditions", 2, "path"], "dotted path"],
    ["json path double dot", { type: "json", path: "a..b", op: "exists" }, ["conditions", 2, "path"]],
    ["json path leading digit", { type: "json", path: "data.0", op: "exists" }, ["conditions", 2, "path"]],
    ["json path trailing dot", { type: "json", path: "a.", op: "exists" }, ["conditions", 2, "path"]],
    ["json path bad index", { type: "json", path: "a[x]", op: "exists" }, ["conditions", 2, "path"]],
    ["json path unclosed index", { type: "json", path: "a[1", op: "exists" }, ["conditions", 2, "path"]],
    ["json path space", { type: "json", path: "a b", op: "exists" }, ["conditions", 2, "path"]],
    ["json path dot before index", { type: "json", path: "a.[0]", op: "exists" }, ["conditions", 2, "path"]],
    ["body contains missing value", { type: "body", op: "contains" }, ["conditions", 2, "value"]],
    ["body contains empty", { type: "body", op: "contains", value: "" }, ["conditions", 2, "value"]],
    ["not that is not a boolean", { type: "method", in: ["POST"], not: "yes" }, ["conditions", 2, "not"]],
  ])("refuses %s", (_label, bad, path, message) => {
    const issue = refuse(bad);
    expect(issue.path).toEqual(path);
    if (message) expect(issue.message).toContain(message);
  });

  it("becomes a 422 naming the field", () => {
    const r = rule.safeParse({ conditions: [ok, ok, { type: "header", name: "X-A", op: "matches", pattern: "[" }] });
    const env = toErrorEnvelope(r.error);
    expect(env.status).toBe(422);
    expect(env.body.error.field).toBe("conditions.2.pattern");
    expect(env.body.error.message).toBe("conditions.2.pattern: must be a valid regular expression that runs in linear time (no backreferences or lookarounds)");
  });

  it("refuses more than 50 conditions", () => {
    expect(rule.safeParse({ conditions: Array(51).fill(ok) }).success).toBe(false);
    expect(rule.safeParse({ conditions: Array(50).fill(ok) }).success).toBe(true);
  });

  it.each<[string, string]>([
    ["data.object.id", "dotted"],
    ["items[0].sku", "index then name"],
    ["a.b[2][1].c", "consecutive indexes"],
    ["[0]", "top-level index"],
    ["_x.$y.with-dash", "_ $ -"],
  ])("accepts json path %s (%s)", (path) => {
    expect(condition.safeParse({ type: "json", path, op: "exists" }).success).toBe(true);
  });

  it("infers a usable Condition type", () => {
    const c: Condition = { type: "json", path: "a", op: "gte", value: 1 };
    expect(condition.parse(c)).toEqual(c);
  });
});

describe("regex safety", () => {
  it("refuses patterns that cannot run in linear time, naming the field", () => {
    for (const pattern of ["(a)\\1", "(?<=a)b", "a(?!b)"]) {
      const r = conditionList.safeParse([{ type: "header", name: "X-A", op: "matches", pattern }]);
      expect(r.success).toBe(false);
      expect(r.error!.issues[0].path).toEqual([0, "pattern"]);
      expect(r.error!.issues[0].message).toMatch(/linear time/);
    }
  });
});

describe("regex check without the linear-time engine (what a browser runs)", () => {
  it.each(["^evt_\\d+$", "a|b", "[\\w-]+", "(ab)+"])("accepts %s", (p) => {
    expect(() => compileWithoutLinearEngine(p)).not.toThrow();
  });
  it.each(["(a)\\1", "(?<n>a)\\k<n>", "(?<=a)b", "(?<!a)b", "a(?=b)", "a(?!b)", "(a"])("refuses %s", (p) => {
    expect(() => compileWithoutLinearEngine(p)).toThrow(SyntaxError);
  });
});
