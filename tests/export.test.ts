import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, signedInClient } from "./helpers/http-client";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";
import { capture, sentHeaders } from "./helpers/inbound";

// Export (GET /api/endpoints/<id>/export?format=json|har&q=<query>) against the real server: exact
// bodies and headers in the JSON export, a well-formed HAR 1.2 log, the search query, access, attachment.

type Detail = {
  id: string; seq: number; method: string; path: string; query: string; size: number; contentType: string | null;
  ip: string; receivedAt: string; headers: [string, string][]; bodyBase64: string; bodyText: string | null;
};
type NameValue = { name: string; value: string };
type HarEntry = {
  startedDateTime: string; time: number;
  request: {
    method: string; url: string; httpVersion: string; cookies: NameValue[]; headers: NameValue[]; queryString: NameValue[];
    postData?: { mimeType: string; text: string; params?: NameValue[]; encoding?: string }; headersSize: number; bodySize: number;
  };
  response: Record<string, unknown>;
  cache: Record<string, unknown>;
  timings: { send: number; wait: number; receive: number };
};
type Har = { log: { version: string; creator: { name: string; version: string }; entries: HarEntry[] } };

type Fixture = { name: string; method: string; suffix: string; headers: [string, string][]; body?: Buffer | string };
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const FORM = "name=J%C3%B6rg&tag=a&tag=b+c";

// Sent in this order: seq i+1.
const FIXTURES: Fixture[] = [
  {
    name: "json", method: "POST", suffix: "/stripe/webhook?source=test&a=1&a=2",
    headers: [["Content-Type", "application/json"], ["X-Dup", "1"], ["x-dup", "2"], ["Cookie", "sid=abc; theme=dark"]],
    body: JSON.stringify({ id: "evt_1", amount: 42, nested: { ok: true } }),
  },
  { name: "form", method: "POST", suffix: "/forms?x=%20y", headers: [["Content-Type", "application/x-www-form-urlencoded; charset=utf-8"]], body: FORM },
  { name: "binary", method: "PUT", suffix: "/upload", headers: [["Content-Type", "application/octet-stream"]], body: ALL_BYTES },
  { name: "root", method: "GET", suffix: "?probe=1", headers: [["User-Agent", "probe/1.0"]] },
  { name: "utf8", method: "POST", suffix: "/notes", headers: [["Content-Type", "text/plain; charset=utf-8"]], body: "héllo → 世界 🎉" },
  { name: "badutf8", method: "POST", suffix: "/notes/raw", headers: [["Content-Type", "text/plain"]], body: Buffer.from([0x68, 0xff, 0x69, 0xc3]) },
  { name: "delete", method: "DELETE", suffix: "/items/7", headers: [] },
  { name: "empty", method: "POST", suffix: "/empty", headers: [["Content-Type", "application/json"]], body: "" },
];
const bytesOf = (f: Fixture) => (f.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(f.body) ? f.body : Buffer.from(f.body, "utf8"));
const fx = (name: string) => FIXTURES.find((f) => f.name === name)!;
const seqOf = (name: string) => FIXTURES.indexOf(fx(name)) + 1;

let server: AppServer;
let alice: ApiClient;
let bob: ApiClient;
let endpoint: { id: string; slug: string; name: string; url: string };

beforeAll(async () => {
  server = await startAppServer();
  [alice, bob] = await Promise.all([signedInClient(server.url, "alice@example.com"), signedInClient(server.url, "bob@example.com")]);
  const ep = await alice.json("POST", "/api/endpoints", { name: "Export me" });
  expect(ep.status).toBe(201);
  endpoint = ep.body;
  for (const f of FIXTURES) {
    await capture(server.port, endpoint.slug, f.method, f.suffix, f.headers, f.body);
    await sleep(15);
  }
  // Noise: another endpoint of the same user must not leak into this export.
  const other = await alice.json("POST", "/api/endpoints", {});
  await capture(server.port, other.body.slug, "POST", "/other", [["Content-Type", "application/json"]], '{"id":"evt_1"}');
});
afterAll(async () => {
  await server?.stop();
  if (server) await removeDir(server.dataDir);
});

async function exportOf(params: Record<string, string>, client = alice) {
  const res = await client.request("GET", `/api/endpoints/${endpoint.id}/export?${new URLSearchParams(params)}`);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) };
}

const attachment = (ext: string) =>
  new RegExp(`^attachment; filename="requests-${endpoint.slug.slice(0, 8)}-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}-\\d{3}Z\\.${ext}"$`);

describe("JSON export", () => {
  it("is an attachment holding the endpoint and every request, newest first, with exact bodies and headers", async () => {
    const res = await exportOf({ format: "json" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("content-disposition")).toMatch(attachment("json"));
    expect(res.headers.get("cache-control")).toContain("no-store");

    expect(Object.keys(res.body).sort()).toEqual(["endpoint", "requests"]);
    expect(res.body.endpoint).toEqual({ id: endpoint.id, name: "Export me", url: endpoint.url });
    const requests = res.body.requests as Detail[];
    expect(requests.map((r) => r.seq)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);

    for (const r of requests) {
      const f = FIXTURES[r.seq - 1];
      const sent = bytesOf(f);
      expect(Buffer.from(r.bodyBase64, "base64").equals(sent), `${f.name} body`).toBe(true);
      expect(r.size).toBe(sent.length);
      expect(r.method).toBe(f.method);
      const [path, query = ""] = f.suffix.split("?");
      expect(r.path).toBe(path || "/");
      expect(r.query).toBe(query);
      expect(r.headers).toEqual(sentHeaders(server.port, f.headers, f.body));
      // The export carries the same detail the API shows.
      const detail = await alice.json("GET", `/api/endpoints/${endpoint.id}/requests/${r.id}`);
      expect(r).toEqual(detail.body);
    }
    const byName = (n: string) => requests.find((r) => r.seq === seqOf(n))!;
    expect(byName("utf8").bodyText).toBe("héllo → 世界 🎉");
    expect(byName("binary").bodyText).toBeNull();
    expect(byName("badutf8").bodyText).toBeNull();
    expect(byName("json").contentType).toBe("application/json");
    expect(byName("delete").contentType).toBeNull();
  });

  it("is the default format", async () => {
    const res = await exportOf({});
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(attachment("json"));
    expect(res.body.requests.map((r: Detail) => r.seq)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
  });
});

describe("HAR export", () => {
  let har: Har;
  let res: Awaited<ReturnType<typeof exportOf>>;
  beforeAll(async () => {
    res = await exportOf({ format: "har" });
    har = res.body;
  });
  const entry = (name: string) => har.log.entries[seqOf(name) - 1];

  it("is an attachment with a HAR 1.2 log, entries oldest first", async () => {
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(attachment("har"));
    expect(har.log.version).toBe("1.2");
    expect(typeof har.log.creator.name).toBe("string");
    expect(har.log.creator.name.length).toBeGreaterThan(0);
    expect(typeof har.log.creator.version).toBe("string");
    expect(har.log.entries).toHaveLength(FIXTURES.length);
    const details = (await exportOf({ format: "json" })).body.requests as Detail[];
    const oldestFirst = [...details].reverse();
    expect(har.log.entries.map((e) => e.startedDateTime)).toEqual(oldestFirst.map((d) => d.receivedAt));
    expect(har.log.entries.map((e) => e.request.method)).toEqual(FIXTURES.map((f) => f.method));
  });

  it("has every field HAR 1.2 requires, with the right types", () => {
    for (const e of har.log.entries) {
      expect(Number.isNaN(Date.parse(e.startedDateTime))).toBe(false);
      expect(e.startedDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$/);
      expect(typeof e.time).toBe("number");
      const r = e.request;
      for (const k of ["method", "url", "httpVersion"] as const) expect(typeof r[k]).toBe("string");
      for (const k of ["cookies", "headers", "queryString"] as const) {
        expect(Array.isArray(r[k])).toBe(true);
        for (const nv of r[k]) {
          expect(typeof nv.name).toBe("string");
          expect(typeof nv.value).toBe("string");
        }
      }
      expect(typeof r.headersSize).toBe("number");
      expect(typeof r.bodySize).toBe("number");
      if (r.postData) {
        expect(typeof r.postData.mimeType).toBe("string");
        expect(typeof r.postData.text).toBe("string");
      }
      const p = e.response;
      for (const k of ["status", "headersSize", "bodySize"]) expect(typeof p[k]).toBe("number");
      for (const k of ["statusText", "httpVersion", "redirectURL"]) expect(typeof p[k]).toBe("string");
      for (const k of ["cookies", "headers"]) expect(Array.isArray(p[k])).toBe(true);
      const content = p.content as { size: unknown; mimeType: unknown };
      expect(typeof content.size).toBe("number");
      expect(typeof content.mimeType).toBe("string");
      expect(typeof e.cache).toBe("object");
      expect(e.cache).not.toBeNull();
      for (const k of ["send", "wait", "receive"] as const) {
        expect(typeof e.timings[k]).toBe("number");
        expect(e.timings[k]).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it("gives each entry the URL the sender called and its headers in order", () => {
    for (const f of FIXTURES) {
      const e = entry(f.name);
      expect(e.request.url, f.name).toBe(`${endpoint.url}${f.suffix}`);
      expect(e.request.headers).toEqual(sentHeaders(server.port, f.headers, f.body).map(([name, value]) => ({ name, value })));
      expect(e.request.bodySize).toBe(bytesOf(f).length);
    }
    expect(entry("json").request.queryString).toEqual([{ name: "source", value: "test" }, { name: "a", value: "1" }, { name: "a", value: "2" }]);
    expect(entry("form").request.queryString).toEqual([{ name: "x", value: " y" }]);
    expect(entry("root").request.queryString).toEqual([{ name: "probe", value: "1" }]);
    expect(entry("binary").request.queryString).toEqual([]);
    expect(entry("json").request.cookies).toEqual([{ name: "sid", value: "abc" }, { name: "theme", value: "dark" }]);
    expect(entry("binary").request.cookies).toEqual([]);
  });

  it("has postData for JSON, form (with params), text and binary (base64), none without a body", () => {
    expect(entry("json").request.postData).toEqual({ mimeType: "application/json", text: fx("json").body });
    expect(entry("form").request.postData).toEqual({
      mimeType: "application/x-www-form-urlencoded; charset=utf-8",
      text: FORM,
      params: [{ name: "name", value: "Jörg" }, { name: "tag", value: "a" }, { name: "tag", value: "b c" }],
    });
    expect(entry("utf8").request.postData).toEqual({ mimeType: "text/plain; charset=utf-8", text: "héllo → 世界 🎉" });
    for (const name of ["binary", "badutf8"]) {
      const pd = entry(name).request.postData!;
      expect(pd.encoding, name).toBe("base64");
      expect(pd.mimeType).toBe(fx(name).headers[0][1]);
      expect(Buffer.from(pd.text, "base64").equals(bytesOf(fx(name))), name).toBe(true);
    }
    for (const name of ["root", "delete", "empty"]) expect(entry(name).request.postData, name).toBeUndefined();
  });
});

describe("the search query applies to exports", () => {
  const cases: [string, Record<string, string>, string[]][] = [
    ["method", { q: "method:POST" }, ["json", "form", "utf8", "badutf8", "empty"]],
    ["method list", { q: "method:PUT,DELETE" }, ["binary", "delete"]],
    ["negation", { q: "-method:POST" }, ["binary", "root", "delete"]],
    ["path glob", { q: "path:/notes/**" }, ["utf8", "badutf8"]],
    ["header name", { q: "header:cookie" }, ["json"]],
    ["header regex (post-filtered by the matcher)", { q: "header:content-type~octet" }, ["binary"]],
    ["body substring (another endpoint's match excluded)", { q: "evt_1" }, ["json"]],
    ["body bytes inside a binary body", { q: "ABC" }, ["binary"]],
    ["JSON field", { q: "body.nested.ok:true" }, ["json"]],
    ["JSON comparison", { q: "body.amount:>=42" }, ["json"]],
    ["combination", { q: "method:POST path:/notes/**" }, ["utf8", "badutf8"]],
    ["no match", { q: "path:/nothing-here" }, []],
  ];

  it.each(cases)("json export: %s", async (_l, params, names) => {
    const res = await exportOf({ format: "json", ...params });
    expect(res.status).toBe(200);
    expect(res.body.requests.map((r: Detail) => r.seq)).toEqual(names.map(seqOf).sort((a, b) => b - a));
    expect(res.body.endpoint.id).toBe(endpoint.id);
  });

  it.each(cases)("har export: %s", async (_l, params, names) => {
    const res = await exportOf({ format: "har", ...params });
    expect(res.status).toBe(200);
    expect((res.body as Har).log.entries.map((e) => e.request.url)).toEqual(
      names.map(seqOf).sort((a, b) => a - b).map((s) => `${endpoint.url}${FIXTURES[s - 1].suffix}`),
    );
  });

  it("applies after: (inclusive) and before: (exclusive)", async () => {
    const details = (await exportOf({ format: "json" })).body.requests as Detail[];
    const at = (name: string) => details.find((d) => d.seq === seqOf(name))!.receivedAt;
    const res = await exportOf({ format: "json", q: `after:${at("root")} before:${at("delete")}` });
    expect(res.body.requests.map((r: Detail) => r.seq)).toEqual([6, 5, 4]);
  });

  it("422s a bad filter or format naming the field", async () => {
    for (const [params, field] of [[{ q: "nope:1" }, "q"], [{ q: "method:P(ST" }, "q"], [{ format: "xml" }, "format"], [{ q: "after:soon" }, "q"]] as const) {
      const res = await exportOf(params);
      expect(res.status, JSON.stringify(params)).toBe(422);
      expect(res.body.error.code).toBe("validation_failed");
      expect(res.body.error.field).toMatch(new RegExp(`^${field}`));
      expect(res.headers.get("content-disposition")).toBeNull();
    }
  });
});

describe("access", () => {
  it("gives another user 404 for either format, filtered or not, and no attachment", async () => {
    const variants: Record<string, string>[] = [{ format: "json" }, { format: "har" }, { format: "har", q: "method:POST" }, { format: "json", q: "evt_1" }];
    for (const params of variants) {
      const res = await exportOf(params, bob);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: { code: "not_found", message: "Endpoint not found" } });
      expect(res.headers.get("content-disposition")).toBeNull();
      expect(res.text).not.toContain("evt_1");
    }
  });

  it("401s without a session", async () => {
    const res = await exportOf({ format: "har" }, new ApiClient(server.url));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
  });
});
