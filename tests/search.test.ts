import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, signedInClient } from "./helpers/http-client";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";
import { capture } from "./helpers/inbound";

// Request search (GET /api/endpoints/<id>/requests?q=<query>) against the real server: one endpoint
// holding 13 varied requests, every key and operator of the query language checked for the exact
// matching set and order (newest first), plus pagination (also where the matcher post-filters SQL's
// candidates), 422s naming q, isolation and literal treatment of SQL.

type Summary = { id: string; seq: number; method: string; path: string; query: string; receivedAt: string };
/** A page of results, or (on 4xx) the error envelope. */
type SearchBody = { requests: Summary[]; nextCursor: string | null; scanLimited: boolean; error?: { code: string; message: string; field?: string } };
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
  if (server) await removeDir(server.dataDir);
});

async function search(q: string, extra: Record<string, string> = {}, client = alice) {
  return client.json<SearchBody>("GET", `/api/endpoints/${endpointId}/requests?${new URLSearchParams({ q, ...extra })}`);
}

async function expectMatches(q: string, names: Name[]) {
  const res = await search(q);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.requests.map((r) => r.seq), q).toEqual(seqs(names));
  expect(res.body.nextCursor).toBeNull();
  expect(res.body.scanLimited).toBe(false);
}

const POSTS = ["stripe1", "stripe2", "form", "binary", "text", "batch", "nested", "badjson", "sqlish"];
const ALL = FIXTURES.map((f) => f.name);
const except = (names: Name[]) => ALL.filter((n) => !names.includes(n));

type Case = [q: string, expected: Name[]];
const cases = (rows: Case[]) => it.each(rows)("%s", async (q, expected) => expectMatches(q, expected));

describe("q: exact matching set, newest first", () => {
  describe("method", () => cases([
    ["method:POST", POSTS],
    ["method:put", ["github"]],
    ["method:PATCH,DELETE", ["refund", "delete"]],
    ["method:OPTIONS", []],
    ["-method:POST", ["github", "health", "refund", "delete"]],
  ]));

  describe("path glob", () => cases([
    ["path:/stripe/*", ["stripe1", "stripe2", "refund"]],
    ["path:/stripe/webhook", ["stripe1", "stripe2"]],
    ["path:/items/42", ["delete"]],
    ["path:/health", ["health"]], // the query string is not part of the path
    ["path:/*", ["health", "binary", "text", "batch", "nested", "badjson", "sqlish"]],
    ["path:/*/*", ["stripe1", "stripe2", "github", "form", "refund", "delete"]],
    ["path:/**", ALL],
    ["path:/**/42", ["delete"]],
    ["path:/stripe/**", ["stripe1", "stripe2", "refund"]],
    ["path:/stripe**", ["stripe1", "stripe2", "refund"]],
    ["path:/?tems/*", ["delete"]],
    ["path:/*-json", ["badjson"]],
    ["path:/bad_json", []], // _ and % are literal, not LIKE wildcards
    ["path:/%", []],
    ["-path:/stripe/*", except(["stripe1", "stripe2", "refund"])],
  ]));

  describe("header", () => cases([
    ["header:X-Dup", ["stripe1", "refund"]],
    ["header:x-signature", ["stripe2", "github"]],
    ["header:X-GITHUB-EVENT", ["github"]],
    ["header:X-Nope", []],
    ["header:x-dup=two", ["stripe1"]], // the second of two duplicates
    ["header:x-dup=TWO", []], // values are case-sensitive
    ["header:X-DUP=THREE", ["refund"]],
    ["header:content-type=application/json", ["stripe1", "stripe2", "github", "refund", "batch", "badjson"]],
    ["header:content-type~json", ["stripe1", "stripe2", "github", "refund", "batch", "nested", "badjson"]],
    ["header:content-type~^application/(json|x-www-form-urlencoded)$", ["stripe1", "stripe2", "github", "form", "refund", "batch", "badjson"]],
    ["header:x-signature~^[A-Z]", ["github"]],
    ["header:X-GitHub-Event~sig", []], // another header's value does not count
    ["-header:content-type", ["health", "delete"]],
    ["-header:x-dup~^t", except(["stripe1"])],
  ]));

  describe("body contains (free text)", () => cases([
    ["evt_2", ["stripe2", "text"]],
    ["body:evt_2", ["stripe2", "text"]],
    ["MAGIC-evt_9", ["binary"]], // ASCII inside an invalid UTF-8 body
    ["hello+evt_3", ["form"]], // raw form bytes, not decoded
    ['"hello evt_3"', []],
    ['"\\"amount\\":42"', ["stripe1", "stripe2", "nested"]],
    ["evt_1 charge", ["stripe1"]],
    ["-evt_1 body.data.object.id:*", ["stripe2", "github"]],
    ["nothing-like-this", []],
  ]));

  describe("JSON fields", () => cases([
    ['body.data.object.id:"evt_1"', ["stripe1", "nested"]],
    ["body.data.object.id:EVT_1", ["github"]],
    ["body.type:charge.succeeded", ["stripe1"]],
    ["body.data.object.amount:42", ["stripe1"]],
    ["body.data.object.amount:42.5", ["stripe2"]],
    ["body.amount:42", ["nested"]], // a number does not match the string "42"
    ['body.amount:"42"', ["github"]],
    ["body.amount:0", ["refund"]],
    ["body.data.object.live:true", ["stripe1"]],
    ["body.data.object.live:false", ["stripe2"]],
    ["body.live:true", ["refund"]],
    ['body.live:"true"', ["github"]],
    ["body.x:null", ["refund"]],
    ["body.data.object.meta:null", ["stripe1"]],
    ["body.data.object.missing:null", []],
    ["body.items[0].sku:A-1", ["stripe1"]],
    ['body.items[1].sku:"B-2"', ["stripe1"]],
    ['body.items[0].sku:"B-2"', ["stripe2"]],
    ["body.items[5].sku:A-1", []],
    ["body[1].sku:C-3", ["batch"]],
    ["body.data.object.tags[1]:b", ["nested"]],
    ["body.x-y:dash", ["refund"]],
    ["body.msg:hello", []], // a form body is not JSON
    ["body.data.object.amount:>42", ["stripe2"]],
    ["body.data.object.amount:>=42", ["stripe1", "stripe2"]],
    ["body.data.object.amount:<42.5", ["stripe1"]],
    ["body.data.object.amount:<=42.5", ["stripe1", "stripe2"]],
    ["body.amount:>-1", ["refund", "nested"]], // "42" is a string, not a number
    ["body.data.object.meta:*", ["stripe1"]], // null exists
    ["body.items:*", ["stripe1", "stripe2", "refund"]],
    ["body.items[0]:*", ["stripe1", "stripe2"]],
    ["body.type:~^charge\\.", ["stripe1", "stripe2"]],
    ["body.data.object.id:~^evt_[12]$", ["stripe1", "stripe2", "nested"]],
    ["body.amount:~4", ["github"]], // regexes only see strings
    ["body.type:(charge.failed|charge.succeeded)", ["stripe1", "stripe2"]],
    ["body.amount:(42|0)", ["refund", "nested"]],
    ['body.amount:("42"|null)', ["github"]],
    ["-body.data.object.id:evt_1", except(["stripe1", "nested"])], // also non-JSON bodies
    ["-body.type:~^charge", except(["stripe1", "stripe2"])],
  ]));

  describe("combinations", () => cases([
    ["method:POST evt_2", ["stripe2", "text"]],
    ["method:POST path:/stripe/*", ["stripe1", "stripe2"]],
    ["path:/stripe/* header:x-dup", ["stripe1", "refund"]],
    ["header:content-type~json body.data.object.id:evt_1", ["stripe1", "nested"]],
    ["method:PATCH body.live:true", ["refund"]],
    ["method:PUT body.live:true", []],
    ["method:POST path:/stripe/* header:stripe-signature body.data.object.amount:>40 charge", ["stripe1"]],
    ["header:x-signature~^sig body.type:~failed$", ["stripe2"]],
  ]));

  // Functions: the timestamps exist only after beforeAll.
  const timeCases: [string, () => string, Name[]][] = [
    ["after is inclusive", () => `after:${at("form")}`, ALL.slice(4)],
    ["before is exclusive", () => `before:${at("health")}`, ALL.slice(0, 3)],
    ["before 1 ms later includes it", () => `before:${at("health", 1)}`, ALL.slice(0, 4)],
    ["after and before", () => `after:${at("form")} before:${at("refund")}`, ["form", "binary", "text"]],
    ["after 1 ms later excludes it", () => `after:${at("form", 1)}`, ALL.slice(5)],
    ["after with a +02:00 offset", () => `after:${toOffset(at("form"), 120)}`, ALL.slice(4)],
    ["before with a -05:30 offset", () => `before:${toOffset(at("health"), -330)}`, ALL.slice(0, 3)],
    ["after later than before", () => `after:${at("delete")} before:${at("github")}`, []],
    ["relative: after 1h", () => "after:1h", ALL],
    ["relative: before 1h", () => "before:1h", []],
    ["with a condition", () => `after:${at("form")} method:POST`, ["form", "binary", "text", "batch", "nested", "badjson", "sqlish"]],
  ];
  it.each(timeCases)("time: %s", async (_l, q, expected) => expectMatches(q(), expected));

  it("an empty q lists everything", async () => expectMatches("", ALL));
});

/** The same instant written with a UTC offset of `minutes`. */
function toOffset(iso: string, minutes: number): string {
  const local = new Date(Date.parse(iso) + minutes * 60_000).toISOString().slice(0, 23);
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

describe("pagination", () => {
  async function walk(q: string, limit: number) {
    const pages: number[][] = [];
    const cursors: (string | null)[] = [];
    let before: string | null = null;
    for (let i = 0; i < 20; i++) {
      const res = await search(q, { limit: String(limit), ...(before ? { before } : {}) });
      expect(res.status).toBe(200);
      pages.push(res.body.requests.map((r) => r.seq));
      cursors.push(res.body.nextCursor);
      before = res.body.nextCursor;
      if (!before) break;
    }
    return { pages, cursors };
  }

  it("walks a filtered set two at a time with nextCursor", async () => {
    const { pages, cursors } = await walk("method:POST", 2);
    const all = seqs(POSTS);
    expect(pages).toEqual([all.slice(0, 2), all.slice(2, 4), all.slice(4, 6), all.slice(6, 8), all.slice(8)]);
    // The cursor is the seq of the last row on its page; the last page has none.
    expect(cursors).toEqual([String(all[1]), String(all[3]), String(all[5]), String(all[7]), null]);
  });

  it("walks a JSON-field set one at a time", async () => {
    const { pages, cursors } = await walk("body.data.object.id:evt_1", 1);
    expect(pages).toEqual([[seqOf("nested")], [seqOf("stripe1")]]);
    expect(cursors).toEqual([String(seqOf("nested")), null]);
  });

  it("walks a set the matcher post-filters (regex, negated regex, ** glob) one and two at a time", async () => {
    for (const [q, names] of [
      ["body.data.object.id:~^evt_", ["stripe1", "stripe2", "nested"]],
      ["-header:content-type~json", ["health", "form", "binary", "text", "delete", "sqlish"]],
      ["path:/**/webhook", ["stripe1", "stripe2"]],
    ] as [string, Name[]][]) {
      const expected = seqs(names);
      for (const limit of [1, 2]) {
        const { pages, cursors } = await walk(q, limit);
        expect(pages.flat(), `${q} limit ${limit}`).toEqual(expected);
        expect(pages.every((p) => p.length === limit || p === pages[pages.length - 1])).toBe(true);
        expect(cursors.at(-1)).toBeNull();
      }
    }
  });

  it("gives no cursor when the filtered set exactly fills the page", async () => {
    const res = await search("header:x-signature", { limit: "2" });
    expect(res.body.requests.map((r) => r.seq)).toEqual(seqs(["stripe2", "github"]));
    expect(res.body.nextCursor).toBeNull();
  });

  it("applies before to a filtered set", async () => {
    const res = await search("path:/stripe/*", { before: String(seqOf("refund")) });
    expect(res.body.requests.map((r) => r.seq)).toEqual(seqs(["stripe1", "stripe2"]));
    expect(res.body.nextCursor).toBeNull();
  });
});

describe("422 naming q, the term and its position", () => {
  it.each<[string, RegExp]>([
    ["method:POST nope:1", /^q: unknown key nope: keys are method, path, header, body, body\.<field>, sig, after, before, is.*: `nope:1` at characters 12-18$/],
    ["http://x", /^q: unknown key http.*`http:\/\/x` at characters 0-8$/],
    ['evt_1 "unclosed', /^q: unterminated quote.*`"unclosed` at characters 6-15$/],
    ["method:P0ST,", /^q: empty method.*at characters 0-12$/],
    ["method:PO(ST", /^q: method must be an upper-case method token/],
    ["path:stripe", /^q: path must start with \/: `path:stripe` at characters 0-11$/],
    ["header:x~(a", /^q: regex must be a valid regular expression/],
    ["header:x~(a)\\1", /linear time/],
    ["body.a..b:1", /^q: JSON path must be a dotted path/],
    ["body.a:>abc", /^q: expected a number, not abc/],
    ["body.a:(a|b", /^q: unclosed list/],
    ["body.a:", /^q: missing value/],
    ["body.a')--:1", /^q: JSON path must be a dotted path.*`body.a'\)--:1` at characters 0-12$/],
    ["after:yesterday", /^q: expected a time/],
    ["after:1h after:2h", /^q: after: given more than once: `after:2h` at characters 9-17$/],
    ["-before:1h", /^q: before: cannot be negated/],
  ])("%s", async (q, message) => {
    const res = await search(q);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: "validation_failed", field: "q" });
    expect(res.body.error?.message).toMatch(message);
  });

  it("422s a bad limit or before naming that field", async () => {
    for (const [field, value] of [["limit", "0"], ["before", "x"]]) {
      const res = await search("", { [field]: value });
      expect(res.status).toBe(422);
      expect(res.body.error?.field).toBe(field);
    }
  });
});

describe("access", () => {
  it("gives another user 404 for a search on this endpoint, filtered or not", async () => {
    for (const q of ["", "method:POST", "body.data.object.id:evt_1", "evt_2", "body.type:~charge"]) {
      const res = await search(q, {}, bob);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: { code: "not_found", message: "Endpoint not found" } });
    }
  });

  it("401s an unauthenticated search", async () => {
    const res = await new ApiClient(server.url).json("GET", `/api/endpoints/${endpointId}/requests?q=method:POST`);
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe("unauthorized");
  });
});

describe("SQL in query values is data", () => cases([
  ['path:"/\' OR 1=1 --"', []],
  ['path:"/sql\\") OR (\\"1\\"=\\"1"', []],
  ['header:x-weird="\' OR \'1\'=\'1"', ["sqlish"]],
  ["header:x-weird~OR", ["sqlish"]],
  ['header:content-type="\' OR \'\'=\'"', []],
  ['"\'; DROP TABLE \\"CapturedRequest\\"; --"', ["sqlish"]],
  ['"%\' OR \'1\'=\'1"', []],
  ['body.data.object.id:"x\' OR \'1\'=\'1"', []],
  ['body.data.object.id:("x\')--"|"y")', []],
]));

describe("afterwards", () => {
  it("left every row in place", async () => {
    const res = await search("", { limit: "500" });
    expect(res.body.requests.map((r) => r.seq)).toEqual(seqs(ALL));
  });
});
