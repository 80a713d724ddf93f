import { describe, expect, it } from "vitest";
import type { Condition } from "@/lib/conditions/schema";
import {
  conditionToRow, describeSchedule, draftFromRule, draftToBody, formatDelay, newRow, presetOf, rowToCondition, rowToTerm, rowsFromQuery, type ConditionRow,
} from "./rule-draft";

const row = (over: Partial<ConditionRow>): ConditionRow => ({ ...newRow(), ...over });
const cond = (r: Partial<ConditionRow>) => rowToCondition(row(r));

describe("condition rows in the query language", () => {
  it("writes each kind of row as a search term and reads it back with the same parser", () => {
    expect(rowToTerm(row({ field: "method", op: "in", value: "post, put" }))).toBe("method:post,put");
    expect(cond({ field: "method", op: "in", value: "post, put" })).toEqual({ condition: { type: "method", in: ["POST", "PUT"] } });
    expect(cond({ field: "path", op: "glob", value: "/stripe/*" })).toEqual({ condition: { type: "path", glob: "/stripe/*" } });
    expect(cond({ field: "header", name: "stripe-signature", op: "exists" })).toEqual({ condition: { type: "header", name: "stripe-signature", op: "exists" } });
    expect(cond({ field: "header", name: "X-Env", op: "equals", value: "live mode" })).toEqual({ condition: { type: "header", name: "X-Env", op: "equals", value: "live mode" } });
    expect(cond({ field: "json", name: "data.object.amount", op: "gt", value: "4000" })).toEqual({ condition: { type: "json", path: "data.object.amount", op: "gt", value: 4000 } });
    expect(cond({ field: "json", name: "body.type", op: "equals", value: "invoice.paid" })).toEqual({ condition: { type: "json", path: "type", op: "equals", value: "invoice.paid" } });
    expect(cond({ field: "json", name: "n", op: "equals", value: '"42"' })).toEqual({ condition: { type: "json", path: "n", op: "equals", value: "42" } });
    expect(cond({ field: "json", name: "note", op: "equals", value: "two words" })).toEqual({ condition: { type: "json", path: "note", op: "equals", value: "two words" } });
    expect(cond({ field: "json", name: "status", op: "in", value: "paid, refunded" })).toEqual({ condition: { type: "json", path: "status", op: "in", values: ["paid", "refunded"] } });
    expect(cond({ field: "body", op: "contains", value: "payment failed", not: true })).toEqual({ condition: { type: "body", op: "contains", value: "payment failed", not: true } });
    expect(cond({ field: "signature", op: "is", value: "valid" })).toEqual({ condition: { type: "signature", status: "valid" } });
  });

  it("reports what is wrong with a row in plain words", () => {
    expect(cond({ field: "json", name: "", op: "equals", value: "x" })).toEqual({ error: expect.stringMatching(/^Name the JSON field/) });
    expect(cond({ field: "json", name: "a", op: "gt", value: "" })).toEqual({ error: "Enter a value" });
    expect("error" in cond({ field: "json", name: "a", op: "gt", value: "many" })).toBe(true);
    expect("error" in cond({ field: "header", name: "x", op: "matches", value: "(a" })).toBe(true);
  });

  it("turns stored conditions back into rows that mean the same", () => {
    const conditions: Condition[] = [
      { type: "method", in: ["POST"] },
      { type: "path", glob: "/a/**", not: true },
      { type: "header", name: "x-sig", op: "matches", pattern: "^v1=" },
      { type: "json", path: "items[0].sku", op: "exists" },
      { type: "json", path: "id", op: "equals", value: "42" },
      { type: "json", path: "live", op: "equals", value: true },
      { type: "json", path: "s", op: "in", values: ["a|b", 3, null] },
      { type: "json", path: "amount", op: "lte", value: 9.5 },
      { type: "body", op: "contains", value: "-x: y" },
      { type: "signature", status: "expired", not: true },
    ];
    for (const c of conditions) expect(rowToCondition(conditionToRow(c))).toEqual({ condition: c });
  });

  it("takes the conditions of a search, and says what a rule cannot use", () => {
    const { rows, error } = rowsFromQuery("method:POST body.type:invoice.paid after:1h");
    expect(rows.map((r) => rowToTerm(r))).toEqual(["method:POST", "body.type:invoice.paid"]);
    expect(error).toBe("after: only for searching, not for rules");
  });
});

describe("retry policy choices", () => {
  it("recognises presets and describes schedules", () => {
    expect(presetOf(null)).toBe("standard");
    expect(presetOf({ count: 5, backoff: "fixed", baseMs: 10_000 })).toBe("quick");
    expect(presetOf({ count: 2, backoff: "linear", baseMs: 1000 })).toBe("custom");
    expect(describeSchedule(null)).toBe("First try at once, then retries after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h");
    expect(describeSchedule({ count: 3, backoff: "exponential", baseMs: 30_000, capMs: 60_000 })).toBe("First try at once, then retries after 30 s, 1 min, 1 min");
    expect(describeSchedule({ count: 0, backoff: "fixed", baseMs: 1000 })).toBe("One try, no retries");
    expect(formatDelay(90_000)).toBe("1.5 min");
  });
});

describe("rule draft <-> API", () => {
  it("builds the API body, with a custom fixed policy that needs no cap", () => {
    const d = draftFromRule();
    d.name = "to staging";
    d.targetUrl = " https://staging.example.com/hook{path} ";
    d.rows = [row({ field: "method", value: "POST" })];
    d.addHeaders = [["X-Env", "staging"], ["", ""]];
    d.removeHeaders = "Cookie, X-Sig";
    d.timeoutSeconds = "5";
    d.retryPreset = "custom";
    d.custom = { count: "3", backoff: "fixed", baseSeconds: "2", capSeconds: "" };
    expect(draftToBody(d)).toEqual({
      rowErrors: [null],
      body: {
        name: "to staging", targetUrl: "https://staging.example.com/hook{path}", enabled: true,
        conditions: [{ type: "method", in: ["POST"] }],
        headers: { add: [["X-Env", "staging"]], remove: ["Cookie", "X-Sig"] },
        timeoutMs: 5000,
        retry: { count: 3, backoff: "fixed", baseMs: 2000 },
      },
    });
  });

  it("holds the body back while a row is wrong", () => {
    const d = draftFromRule();
    d.rows = [row({ field: "method", value: "POST" }), row({ field: "json", name: "", value: "1" })];
    const out = draftToBody(d);
    expect(out.body).toBeNull();
    expect(out.rowErrors[0]).toBeNull();
    expect(out.rowErrors[1]).toMatch(/^Name the JSON field/);
  });
});
