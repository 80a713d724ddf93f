import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, signedInClient } from "./helpers/http-client";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";
import { capture } from "./helpers/inbound";

// Request search (GET /api/endpoints/<id>/requests with filters) against the real server: one
// endpoint holding 13 varied requests, each filter kind checked for the exact matching set and
// order (newest first), plus pagination, validation, isolation and literal treatment of SQL.

type Summary = { id: string; seq: number; method: string; path: string; query: string; receivedAt: string };
/** A page of results, or (on 4xx) the error envelope. */
type SearchBody = { requests: Summary[]; nextCursor: string | null; error?: { code: string; message: string; field?: string } };
type Fixture = { name: string; method: string; suffix: string; headers: [string, string][]; body?: Buffer | string };

const json = (v: unknown) => JSON.stringify(v);
const CT_JSON: [string, string] = ["Content-Type", "application/json"];

// Sent in this order, ~35 ms apart, so seq i+1 and receivedAt strictly increase with the index.
const FIXTURES: Fixture[] = [
  {
    name: "stripe1", method: "POST", suffix: "/stripe/webhook",
    headers: [CT_JSON, ["Stripe-Signature", "t=1,v1=abc"], ["X-Dup", "one"], ["X-Dup", "two"]],
    body: json({ type: "charge.succeeded", data: { object: { id: "evt_1", amount: 42, live: true, meta: null } }, items: [{ sku: "A-1", qty: 2 }, { sku: "B-2", qty: 1 }] }),
  },
  {
    name: "stripe2", method: "POST", suffix: "/stripe/webhook",
    headers: [["content-type", "application/json"], ["x-signature", "sig-lower"]],
    body: json({ type: "charge.failed", data: { object: { id: "evt_2", amount: 42.5, live: false } }, items: [{ sku: "B-2" }] }),
  },
  {
    name: "github", method: "PUT", suffix: "/github/push?ref=main",
    headers: [CT_JSON, ["X-GitHub-Event", "push"], ["X-Signature", "SIG-Upper"]],
    body: json({ action: "push", amount: "42", live: "true", data: { object: { id: "EVT_1" } } }),
  },
  { name: "health", method: "GET", suffix: "/health?probe=1", headers: [["User-Agent", "probe/1.0"]] },
  {
    name: "form", method: "POST", suffix: "/forms/contact",
    headers: [["Content-Type", "application/x-www-form-urlencoded"]],
    body: "name=J%C3%B6rg&email=a%40b.c&msg=hello+evt_3",
  },
  {
    name: "binary", method: "POST", suffix: "/upload",
    headers: [["Content-Type", "application/octet-stream"]],
    // Invalid UTF-8 around an ASCII marker.
    body: Buffer.concat([Buffer.from([0x00, 0xff, 0xfe, 0x80]), Buffer.from("MAGIC-evt_9"), Buffer.from([0xc3, 0x28, 0x00])]),
  },
  { name: "text", method: "POST", suffix: "/logs", headers: [["Content-Type", "text/plain"]], body: "line one: evt_2 happened\nline two" },
  {
    name: "refund", method: "PATCH", suffix: "/stripe/refund",
    headers: [CT_JSON, ["x-dup", "THREE"]],
    body: json({ x: null, amount: 0, live: true, "x-y": "dash", items: [] }),
  },
  { name: "delete", method: "DELETE", suffix: "/items/42", headers: [] },
  { name: "batch", method: "POST", suffix: "/batch", headers: [CT_JSON], body: json([{ sku: "A-1" }, { sku: "C-3" }]) },
  {
    name: "nested", method: "POST", suffix: "/nested",
    headers: [["Content-Type", "application/json; charset=utf-8"]],
    body: json({ amount: 42, data: { object: { id: "evt_1", tags: ["a", "b"] } } }),
  },
  // Declared JSON, but truncated: JSON filters must skip it, not fail.
  { name: "badjson", method: "POST", suffix: "/bad-json", headers: [CT_JSON], body: '{"data":{"object":{"id":"evt_1"' },
  {
    name: "sqlish", method: "POST", suffix: "/sql",
    headers: [["Content-Type", "text/plain"], ["X-Weird", "' OR '1'='1"]],
    body: `'; DROP TABLE "CapturedRequest"; --`,
  },
];
type Name = string;

let server: AppServer;
let alice: ApiClient;
let bob: ApiClient;
let endpointId: string;
const byName = new Map<Name, Summary>();
const seqOf = (n: Name) => {
  const s = byName.get(n);
  if (!s) throw new Error(`no fixture ${n}`);
  return s.seq;
};
/** Expected seqs for fixture names, newest first (the API's order). */
const seqs = (names: Name[]) => names.map(seqOf).sort((a, b) => b - a);
const at = (n: Name, deltaMs = 0) => new Date(Date.parse(byName.get(n)!.receivedAt) + deltaMs).toISOString();

beforeAll(async () => {
  server = await startAppServer();
  [alice, bob] = await Promise.all([signedInClient(server.url, "alice@example.com"), signedInClient(server.url, "bob@example.com")]);
  const ep = await alice.json("POST", "/api/endpoints", { name: "search" });
  expect(ep.status).toBe(201);
  endpointId = ep.body.id;
  const ids: string[] = [];
  for (const f of FIXTURES) {
    ids.push(await capture(server.port, ep.body.slug, f.method, f.suffix, f.headers, f.body));
    await sleep(35);
  }
  const all = await alice.json<{ requests: Summary[] }>("GET", `/api/endpoints/${endpointId}/requests?limit=500`);
  expect(all.status).toBe(200);
  expect(all.body.requests).toHaveLength(FIXTURES.length);
  for (const r of all.body.requests) byName.set(FIXTURES[ids.indexOf(r.id)].name, r);
  // The fixtures' premise: seqs 1..13 in sending order, timestamps strictly increasing.
  FIXTURES.forEach((f, i) => {
    expect(seqOf(f.name)).toBe(i + 1);
    if (i > 0) expect(Date.parse(at(f.name)) - Date.parse(at(FIXTURES[i - 1].name))).toBeGreaterThanOrEqual(30);
  });
});
afterAll(async () => {
  await server?.stop();
  if (server) removeDir(server.dataDir);
});

function qs(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

async function search(params: Record<string, string>, client = alice) {
  return client.json<SearchBody>("GET", `/api/endpoints/${endpointId}/requests?${qs(params)}`);
}

async function expectMatches(params: Record<string, string>, names: Name[]) {
  const res = await search(params);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.requests.map((r) => r.seq)).toEqual(seqs(names));
  expect(res.body.nextCursor).toBeNull();
}

const POSTS = ["stripe1", "stripe2", "form", "binary", "text", "batch", "nested", "badjson", "sqlish"];
const ALL = FIXTURES.map((f) => f.name);

type Case = [label: string, params: Record<string, string>, expected: Name[]];

describe("filters: exact matching set, newest first", () => {
  const methodCases: Case[] = [
    ["single", { method: "POST" }, POSTS],
    ["lower case is normalised", { method: "put" }, ["github"]],
    ["list", { method: "PATCH,DELETE" }, ["refund", "delete"]],
    ["list with spaces", { method: "GET, PUT" }, ["health", "github"]],
    ["no match", { method: "OPTIONS" }, []],
  ];
  it.each(methodCases)("method: %s", async (_l, params, expected) => expectMatches(params, expected));

  const pathCases: Case[] = [
    ["prefix", { path: "/stripe" }, ["stripe1", "stripe2", "refund"]],
    ["inner substring", { path: "webhook" }, ["stripe1", "stripe2"]],
    ["whole path", { path: "/items/42" }, ["delete"]],
    ["the query is not part of the path", { path: "probe" }, []],
    ["% is literal, not a wildcard", { path: "%" }, []],
    ["_ is literal, not a wildcard", { path: "/bad_json" }, []],
  ];
  it.each(pathCases)("path: %s", async (_l, params, expected) => expectMatches(params, expected));

  const headerCases: Case[] = [
    ["name only, duplicates count once", { header: "X-Dup" }, ["stripe1", "refund"]],
    ["name only, sent in different cases", { header: "x-signature" }, ["stripe2", "github"]],
    ["name only, upper-cased query", { header: "X-GITHUB-EVENT" }, ["github"]],
    ["name only, absent", { header: "X-Nope" }, []],
    ["name:value matches the second of two duplicates", { header: "x-dup:TWO" }, ["stripe1"]],
    ["name:value case-insensitive both ways", { header: "X-DUP:three" }, ["refund"]],
    ["name:value substring in both cases", { header: "x-signature:SIG-" }, ["stripe2", "github"]],
    ["name:value inner substring", { header: "X-Signature:upper" }, ["github"]],
    ["value with = and ,", { header: "stripe-signature:v1=abc" }, ["stripe1"]],
    ["content-type value", { header: "content-type:json" }, ["stripe1", "stripe2", "github", "refund", "batch", "nested", "badjson"]],
    ["content-type form", { header: "Content-Type:form-urlencoded" }, ["form"]],
    ["value absent among duplicates", { header: "x-dup:four" }, []],
    ["value of another header does not count", { header: "X-GitHub-Event:sig" }, []],
  ];
  it.each(headerCases)("header: %s", async (_l, params, expected) => expectMatches(params, expected));

  const bodyCases: Case[] = [
    ["JSON and plain-text bodies", { body: "evt_2" }, ["stripe2", "text"]],
    ["ASCII inside a binary (invalid UTF-8) body", { body: "MAGIC-evt_9" }, ["binary"]],
    ["raw form bytes (not decoded)", { body: "hello+evt_3" }, ["form"]],
    ["decoded form text does not match", { body: "hello evt_3" }, []],
    ["JSON text, also inside a longer number", { body: '"amount":42' }, ["stripe1", "stripe2", "nested"]],
    ["no match", { body: "nothing-like-this" }, []],
  ];
  it.each(bodyCases)("body: %s", async (_l, params, expected) => expectMatches(params, expected));

  const jsonCases: Case[] = [
    ["nested string", { json: 'body.data.object.id:"evt_1"' }, ["stripe1", "nested"]],
    ["string is case-sensitive", { json: 'body.data.object.id:"EVT_1"' }, ["github"]],
    ["bare string", { json: "body.data.object.id:evt_2" }, ["stripe2"]],
    ["bare string with dots", { json: "body.type:charge.succeeded" }, ["stripe1"]],
    ["integer", { json: "body.data.object.amount:42" }, ["stripe1"]],
    ["real", { json: "body.data.object.amount:42.5" }, ["stripe2"]],
    ["number does not match a numeric string", { json: "body.amount:42" }, ["nested"]],
    ["quoted number matches only the string", { json: 'body.amount:"42"' }, ["github"]],
    ["zero", { json: "body.amount:0" }, ["refund"]],
    ["boolean true", { json: "body.data.object.live:true" }, ["stripe1"]],
    ["boolean false", { json: "body.data.object.live:false" }, ["stripe2"]],
    ["boolean does not match the string \"true\"", { json: "body.live:true" }, ["refund"]],
    ["string \"true\" does not match the boolean", { json: 'body.live:"true"' }, ["github"]],
    ["null", { json: "body.x:null" }, ["refund"]],
    ["nested null", { json: "body.data.object.meta:null" }, ["stripe1"]],
    ["a missing field is not null", { json: "body.data.object.missing:null" }, []],
    ["array index 0", { json: 'body.items[0].sku:"A-1"' }, ["stripe1"]],
    ["array index 1", { json: 'body.items[1].sku:"B-2"' }, ["stripe1"]],
    ["same value at another index", { json: 'body.items[0].sku:"B-2"' }, ["stripe2"]],
    ["index past the end", { json: 'body.items[5].sku:"A-1"' }, []],
    ["top-level array", { json: 'body[1].sku:"C-3"' }, ["batch"]],
    ["index into a nested array", { json: 'body.data.object.tags[1]:"b"' }, ["nested"]],
    ["label with a hyphen", { json: 'body.x-y:"dash"' }, ["refund"]],
    ["missing field", { json: 'body.missing:"x"' }, []],
    ["field only found in a non-JSON text body", { json: 'body.data.object.id:"evt_2"' }, ["stripe2"]],
    ["form body is not JSON", { json: 'body.msg:"hello evt_3"' }, []],
  ];
  it.each(jsonCases)("json: %s", async (_l, params, expected) => expectMatches(params, expected));

  // Functions: the timestamps exist only after beforeAll.
  const timeCases: [string, () => Record<string, string>, Name[]][] = [
    ["from is inclusive", () => ({ from: at("form") }), ALL.slice(4)],
    ["to is inclusive", () => ({ to: at("health") }), ALL.slice(0, 4)],
    ["from and to", () => ({ from: at("form"), to: at("refund") }), ["form", "binary", "text", "refund"]],
    ["from 1 ms after a request excludes it", () => ({ from: at("form", 1) }), ALL.slice(5)],
    ["to 1 ms before a request excludes it", () => ({ to: at("refund", -1) }), ALL.slice(0, 7)],
    ["from with a +02:00 offset", () => ({ from: toOffset(at("form"), 120) }), ALL.slice(4)],
    ["to with a -05:30 offset", () => ({ to: toOffset(at("health"), -330) }), ALL.slice(0, 4)],
    ["from after to", () => ({ from: at("delete"), to: at("github") }), []],
    ["from after the newest", () => ({ from: at("sqlish", 1000) }), []],
  ];
  it.each(timeCases)("time: %s", async (_l, params, expected) => expectMatches(params(), expected));

  const comboCases: Case[] = [
    ["method + body", { method: "POST", body: "evt_2" }, ["stripe2", "text"]],
    ["method + path", { method: "POST", path: "/stripe" }, ["stripe1", "stripe2"]],
    ["path + header", { path: "/stripe", header: "x-dup" }, ["stripe1", "refund"]],
    ["header value + json", { header: "content-type:json", json: 'body.data.object.id:"evt_1"' }, ["stripe1", "nested"]],
    ["method + json", { method: "PATCH", json: "body.live:true" }, ["refund"]],
    ["method + json, disjoint", { method: "PUT", json: "body.live:true" }, []],
    ["header + body, disjoint", { header: "x-signature", body: "charge.succeeded" }, []],
  ];
  it.each(comboCases)("combination: %s", async (_l, params, expected) => expectMatches(params, expected));

  it("combination: time + method and time + header", async () => {
    await expectMatches({ from: at("form"), method: "POST" }, ["form", "binary", "text", "batch", "nested", "badjson", "sqlish"]);
    await expectMatches({ to: at("health"), header: "x-signature" }, ["stripe2", "github"]);
  });
});

/** The same instant written with a UTC offset of `minutes`. */
function toOffset(iso: string, minutes: number): string {
  const local = new Date(Date.parse(iso) + minutes * 60_000).toISOString().slice(0, 23);
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

describe("pagination with filters", () => {
  async function walk(params: Record<string, string>) {
    const pages: number[][] = [];
    const cursors: (string | null)[] = [];
    let before: string | null = null;
    for (let i = 0; i < 20; i++) {
      const res = await search({ ...params, ...(before ? { before } : {}) });
      expect(res.status).toBe(200);
      pages.push(res.body.requests.map((r) => r.seq));
      cursors.push(res.body.nextCursor);
      before = res.body.nextCursor;
      if (!before) break;
    }
    return { pages, cursors };
  }

  it("walks the filtered set two at a time with nextCursor", async () => {
    const { pages, cursors } = await walk({ method: "POST", limit: "2" });
    const all = seqs(POSTS);
    expect(pages).toEqual([all.slice(0, 2), all.slice(2, 4), all.slice(4, 6), all.slice(6, 8), all.slice(8)]);
    // The cursor is the seq of the last row on its page; the last page has none.
    expect(cursors).toEqual([String(all[1]), String(all[3]), String(all[5]), String(all[7]), null]);
  });

  it("walks a json-filtered set one at a time", async () => {
    const { pages, cursors } = await walk({ json: 'body.data.object.id:"evt_1"', limit: "1" });
    expect(pages).toEqual([[seqOf("nested")], [seqOf("stripe1")]]);
    expect(cursors).toEqual([String(seqOf("nested")), null]);
  });

  it("gives no cursor when the filtered set exactly fills the page", async () => {
    const res = await search({ header: "x-signature", limit: "2" });
    expect(res.body.requests.map((r) => r.seq)).toEqual(seqs(["stripe2", "github"]));
    expect(res.body.nextCursor).toBeNull();
  });

  it("applies before to a filtered set", async () => {
    const res = await search({ path: "/stripe", before: String(seqOf("refund")) });
    expect(res.body.requests.map((r) => r.seq)).toEqual(seqs(["stripe1", "stripe2"]));
    expect(res.body.nextCursor).toBeNull();
  });
});

describe("validation", () => {
  const badJson = [
    `body.a') OR 1=1--:"x"`,
    "nope",
    "body.a:",
    "body:1",
    "body.:1",
    "body..a:1",
    "body.a b:1",
    'body.a:"unterminated',
    "body.a:'single'",
    "body.a[x]:1",
    "bodyx.a:1",
    "body.a",
  ];
  it.each(badJson)("422 for the json term %s", async (term) => {
    const res = await search({ json: term });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: "validation_failed", field: "json" } });
  });

  it.each(["P0ST", "POST;DROP", "POST') OR 1=1--", "GET,PO ST"])("422 for the method value %s", async (method) => {
    const res = await search({ method });
    expect(res.status).toBe(422);
    expect(res.body.error?.code).toBe("validation_failed");
    expect(res.body.error?.field).toMatch(/^method/);
  });

  it("422 for a malformed from/to", async () => {
    for (const [field, value] of [["from", "yesterday"], ["to", "2025-13-01T00:00:00Z"], ["from", "2025-01-01"]]) {
      const res = await search({ [field]: value });
      expect(res.status, `${field}=${value}`).toBe(422);
      expect(res.body.error?.field).toBe(field);
    }
  });
});

describe("access", () => {
  it("gives another user 404 for a search on this endpoint, filtered or not", async () => {
    const variants: Record<string, string>[] = [{}, { method: "POST" }, { json: 'body.data.object.id:"evt_1"' }, { body: "evt_2" }];
    for (const params of variants) {
      const res = await search(params, bob);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: { code: "not_found", message: "Endpoint not found" } });
    }
  });

  it("401s an unauthenticated search", async () => {
    const res = await new ApiClient(server.url).json("GET", `/api/endpoints/${endpointId}/requests?method=POST`);
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe("unauthorized");
  });
});

describe("SQL in filter values is data", () => {
  const cases: Case[] = [
    ["path with a quote and OR", { path: "' OR 1=1 --" }, []],
    ["path closing a paren", { path: `/sql") OR ("1"="1` }, []],
    ["header value matching the stored quote text literally", { header: "x-weird:' OR '1'='1" }, ["sqlish"]],
    ["header name with SQL", { header: "' OR 1=1 --" }, []],
    ["header value with SQL", { header: "content-type:' OR ''='" }, []],
    ["body with DROP TABLE, found literally", { body: `'; DROP TABLE "CapturedRequest"; --` }, ["sqlish"]],
    ["body with a quote and OR", { body: "%' OR '1'='1" }, []],
    ["json string with quotes and SQL", { json: `body.data.object.id:"x' OR '1'='1"` }, []],
  ];
  it.each(cases)("%s", async (_l, params, expected) => expectMatches(params, expected));

  it("left every row in place", async () => {
    const res = await search({ limit: "500" });
    expect(res.body.requests.map((r) => r.seq)).toEqual(seqs(ALL));
  });
});
