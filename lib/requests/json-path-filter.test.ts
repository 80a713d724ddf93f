import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { parseJsonPathFilter } from "./json-path-filter";

describe("parseJsonPathFilter", () => {
  it.each([
    ['body.data.object.id:"evt_1"', { path: "$.data.object.id", value: "evt_1" }],
    ["body.amount:42", { path: "$.amount", value: 42 }],
    ["body.amount:-3.5e2", { path: "$.amount", value: -350 }],
    ["body.live:true", { path: "$.live", value: true }],
    ["body.live:false", { path: "$.live", value: false }],
    ["body.deleted_at:null", { path: "$.deleted_at", value: null }],
    ['body.items[0].sku:"A-1"', { path: "$.items[0].sku", value: "A-1" }],
    ['body.matrix[1][2]:"x"', { path: "$.matrix[1][2]", value: "x" }],
    ['body[0].id:"x"', { path: "$[0].id", value: "x" }],
    ['body.x-request-id:"abc"', { path: '$."x-request-id"', value: "abc" }],
    ['body._a.B9:"with spaces and \\"quotes\\" and :colons"', { path: "$._a.B9", value: 'with spaces and "quotes" and :colons' }],
    ['body.name:"it\'s"', { path: "$.name", value: "it's" }],
    ['body.s:""', { path: "$.s", value: "" }],
    ["body.type:charge.succeeded", { path: "$.type", value: "charge.succeeded" }],
    ["body.count:007", { path: "$.count", value: "007" }],
    ['  body.id:"x"  ', { path: "$.id", value: "x" }],
  ])("%s", (term, expected) => {
    expect(parseJsonPathFilter(term)).toEqual(expected);
  });

  it.each([
    "",
    "evt_1",
    'headers.id:"x"',
    'bodyx.id:"x"',
    'body:"x"',
    'body.:"x"',
    'body.a..b:"x"',
    'body.a.:"x"',
    'body.1a:"x"',
    'body.a[-1]:"x"',
    'body.a[x]:"x"',
    'body.a[0:"x"',
    'body.a[1234567890]:"x"',
    'body.a b:"x"',
    "body.a:",
    'body.a:"unterminated',
    'body.a:"x" extra',
    "body.a:two words",
    "body.a:'single'",
    "body.a:NaN-ish\\",
    `body.a') OR 1=1--:"x"`,
    `body.a" OR 1=1--:"x"`,
    `body.a;DROP TABLE Request:"x"`,
    `body.$.a:"x"`,
    `body.a.*:"x"`,
    `body.a#-1:"x"`,
    `body.é:"x"`,
    `body.a:'); DROP TABLE x;--`,
    "body" + ".a".repeat(33) + ":1",
  ])("rejects %s", (term) => {
    expect(parseJsonPathFilter(term)).toBeNull();
  });

  it("accepts exactly 32 segments", () => {
    expect(parseJsonPathFilter("body" + ".a".repeat(32) + ":1")).toEqual({ path: "$" + ".a".repeat(32), value: 1 });
  });
});

describe("paths work in SQLite json_extract", () => {
  const db = new Database(":memory:");
  const doc = JSON.stringify({ data: { object: { id: "evt_1" } }, items: [{ sku: "A-1" }], "x-request-id": "abc", live: true, amount: 42 });
  it.each([
    ['body.data.object.id:"evt_1"', "evt_1"],
    ['body.items[0].sku:"A-1"', "A-1"],
    ['body.x-request-id:"abc"', "abc"],
    ["body.live:true", 1],
    ["body.amount:42", 42],
  ])("%s", (term, expected) => {
    const f = parseJsonPathFilter(term)!;
    expect(db.prepare("SELECT json_extract(?, ?) AS v").get(doc, f.path)).toEqual({ v: expected });
  });
});
