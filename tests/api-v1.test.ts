import { openTestDb } from "./helpers/databases";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";
import { eventually, sleep } from "./helpers/forward-target";
import { signedInClient, type ApiClient } from "./helpers/http-client";
import { pool, sendRaw } from "./helpers/inbound";
import { SseClient } from "./helpers/sse-client";

/** Issue 11: personal tokens and the pull API, against the real server over real HTTP. */
let server: AppServer;
let alice: ApiClient;
let bob: ApiClient;
beforeAll(async () => {
  server = await startAppServer();
  [alice, bob] = await Promise.all([signedInClient(server.url, "alice@example.com"), signedInClient(server.url, "bob@example.com")]);
});
afterAll(async () => {
  await server.stop();
  await removeDir(server.dataDir);
});

type Page = { requests: { id: string; seq: number; path: string }[]; nextAfter: number };

async function endpoint(client: ApiClient, name = "e") {
  return (await client.json("POST", "/api/endpoints", { name })).body as { id: string; slug: string };
}
async function token(client: ApiClient, body: Record<string, unknown> = {}) {
  const res = await client.json("POST", "/api/tokens", { name: "t", ...body });
  expect(res.status).toBe(201);
  return res.body as { id: string; token: string; prefix: string };
}
function v1(base: string, path: string, tok: string | null, headers: Record<string, string> = {}, method = "GET") {
  return fetch(`${base}/api/v1${path}`, { method, headers: { ...(tok ? { authorization: `Bearer ${tok}` } : {}), ...headers } });
}
async function capture(slug: string, sub = "/", body = "{}") {
  const res = await sendRaw(server.port, "POST", `/h/${slug}${sub}`, [["Content-Type", "application/json"]], body);
  expect(res.status).toBe(200);
  return JSON.parse(res.body.toString()).id as string;
}

describe("personal API tokens", () => {
  it("shows the token once, lists it without the secret, stores only its hash, and revoking it ends access at once", async () => {
    const created = await token(alice, { name: "CI poller" });
    expect(created.token).toMatch(/^whi_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, 8));
    const list = (await alice.json("GET", "/api/tokens")).body.tokens;
    expect(list).toEqual([expect.objectContaining({ id: created.id, name: "CI poller", prefix: created.prefix, readOnly: false, endpointIds: null, lastUsedAt: null })]);
    expect(JSON.stringify(list)).not.toContain(created.token.slice(8));

    const db = await openTestDb(server.env.DATABASE_URL!);
    const rows = await db.query(`SELECT * FROM "ApiToken"`);
    await db.close();
    expect(JSON.stringify(rows)).not.toContain(created.token.slice(4));

    expect((await v1(server.url, "/endpoints", created.token)).status).toBe(200);
    expect((await alice.request("DELETE", `/api/tokens/${created.id}`)).status).toBe(204);
    const after = await v1(server.url, "/endpoints", created.token);
    expect(after.status).toBe(401);
    expect(after.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await alice.json("GET", "/api/tokens")).body.tokens).toEqual([]);
    // Another user cannot revoke (or even see) it.
    const bobs = await token(bob);
    expect((await alice.request("DELETE", `/api/tokens/${bobs.id}`)).status).toBe(404);
  });

  it("refuses missing, malformed, unknown and cookie-only callers with 401 + WWW-Authenticate", async () => {
    for (const headers of [{}, { authorization: "Bearer nope" }, { authorization: `Bearer whi_${"A".repeat(43)}` }, { authorization: "Basic eDp5" }, { cookie: alice.cookieHeader() }] as Record<string, string>[]) {
      const res = await v1(server.url, "/endpoints", null, headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="webhook-inbox"');
      expect((await res.json()).error.code).toBe("unauthorized");
    }
  });

  it("closes an open stream when its token is revoked, and the reconnect gets 401", async () => {
    const ep = await endpoint(alice);
    const t = await token(alice);
    const stream = await SseClient.connect(server.url, `/api/endpoints/${ep.id}/stream`, { headers: { authorization: `Bearer ${t.token}` } });
    expect(stream.status).toBe(200);
    await capture(ep.slug, "/live");
    await stream.waitFor((s) => s.events.some((e) => e.event === "request"));
    await alice.request("DELETE", `/api/tokens/${t.id}`);
    await eventually(() => (stream.ended ? true : undefined), 2000, "the stream to end");
    const again = await SseClient.connect(server.url, `/api/endpoints/${ep.id}/stream`, { headers: { authorization: `Bearer ${t.token}` } }).catch((c: SseClient) => c);
    expect(again.status).toBe(401);
  });

  it("read-only tokens cannot delete; endpoint-scoped tokens see only their endpoints", async () => {
    const [mine, other] = [await endpoint(alice, "mine"), await endpoint(alice, "other")];
    const rid = await capture(mine.slug);
    const ro = await token(alice, { readOnly: true });
    const del = await v1(server.url, `/endpoints/${mine.id}/requests/${rid}`, ro.token, {}, "DELETE");
    expect(del.status).toBe(403);
    expect((await del.json()).error.code).toBe("forbidden");

    const scoped = await token(alice, { endpointIds: [mine.id] });
    const listed = await (await v1(server.url, "/endpoints", scoped.token)).json();
    expect(listed.endpoints.map((e: { id: string }) => e.id)).toEqual([mine.id]);
    expect((await v1(server.url, `/endpoints/${other.id}/requests`, scoped.token)).status).toBe(404);
    expect((await v1(server.url, `/endpoints/${mine.id}/requests/${rid}`, scoped.token, {}, "DELETE")).status).toBe(204);
    expect((await v1(server.url, `/endpoints/${mine.id}/requests/${rid}`, scoped.token)).status).toBe(404);

    const bad = await alice.json("POST", "/api/tokens", { name: "x", endpointIds: [mine.id, (await endpoint(bob)).id] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.field).toBe("endpointIds.1");
  });
});

describe("GET /api/v1/endpoints/<id>/requests", () => {
  it("walks every request exactly once, in order, while requests keep arriving", async () => {
    const ep = await endpoint(alice);
    const t = await token(alice);
    const sending = pool(Array.from({ length: 300 }, (_, i) => i), 8, (i) => capture(ep.slug, `/n${i}`));
    const seen: number[] = [];
    let after = 0;
    let done = false;
    void sending.then(() => (done = true));
    for (let rounds = 0; rounds < 2000; rounds++) {
      const res = await v1(server.url, `/endpoints/${ep.id}/requests?after=${after}&limit=7`, t.token);
      expect(res.status).toBe(200);
      const page = (await res.json()) as Page;
      seen.push(...page.requests.map((r) => r.seq));
      after = page.nextAfter;
      if (done && page.requests.length === 0) break;
    }
    expect(seen).toHaveLength(300);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(300);
  });

  it("pages with a Link to the next page, filters with the dashboard's query language", async () => {
    const ep = await endpoint(alice);
    const t = await token(alice);
    for (let i = 0; i < 5; i++) await capture(ep.slug, i % 2 ? "/odd" : "/even", JSON.stringify({ n: i }));
    const first = await v1(server.url, `/endpoints/${ep.id}/requests?limit=2`, t.token);
    const link = first.headers.get("link")!;
    expect(link).toMatch(/^<http:\/\/[^>]+\/api\/v1\/endpoints\/[^>]+\/requests\?after=\d+&limit=2>; rel="next"$/);
    const second = await fetch(link.slice(1, link.indexOf(">")), { headers: { authorization: `Bearer ${t.token}` } });
    expect(((await second.json()) as Page).requests.map((r) => r.path)).toEqual(["/even", "/odd"]);
    const filtered = (await (await v1(server.url, `/endpoints/${ep.id}/requests?q=${encodeURIComponent("path:/odd body.n:>2")}`, t.token)).json()) as Page;
    expect(filtered.requests.map((r) => r.path)).toEqual(["/odd"]);
    expect(first.headers.get("x-poll-interval")).toBe("4");
  });

  it("answers 304 while nothing changed, and a new ETag after a new request and after a delete", async () => {
    const ep = await endpoint(alice);
    const t = await token(alice);
    const rid = await capture(ep.slug);
    const url = `/endpoints/${ep.id}/requests?after=0`;
    const first = await v1(server.url, url, t.token);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const same = await v1(server.url, url, t.token, { "if-none-match": etag });
    expect(same.status).toBe(304);
    expect(await same.text()).toBe("");
    expect(same.headers.get("etag")).toBe(etag);

    await capture(ep.slug);
    const grown = await v1(server.url, url, t.token, { "if-none-match": etag });
    expect(grown.status).toBe(200);
    const etag2 = grown.headers.get("etag")!;
    expect(etag2).not.toBe(etag);

    expect((await alice.request("DELETE", `/api/endpoints/${ep.id}/requests/${rid}`)).status).toBe(204);
    const shrunk = await v1(server.url, url, t.token, { "if-none-match": etag2 });
    expect(shrunk.status).toBe(200);
    expect(((await shrunk.json()) as Page).requests).toHaveLength(1);
  });

  it("long-polls: answers within 100 ms of a new request, otherwise after the wait", async () => {
    const ep = await endpoint(alice);
    const t = await token(alice);
    const started = performance.now();
    const idle = await v1(server.url, `/endpoints/${ep.id}/requests?after=0&wait=1`, t.token);
    const idleMs = performance.now() - started;
    expect(idle.status).toBe(200);
    expect(((await idle.json()) as Page).requests).toEqual([]);
    expect(idleMs).toBeGreaterThan(800);
    expect(idleMs).toBeLessThan(1200);

    const waiting = v1(server.url, `/endpoints/${ep.id}/requests?after=0&wait=10`, t.token).then(async (r) => ({ at: performance.now(), page: (await r.json()) as Page }));
    await sleep(300);
    const sentAt = performance.now();
    const rid = await capture(ep.slug, "/wake");
    const { at, page } = await waiting;
    expect(page.requests.map((r) => r.id)).toEqual([rid]);
    expect(at - sentAt).toBeLessThan(100);
  });

  it("long-polls with a query: requests that do not match do not end the wait", async () => {
    const ep = await endpoint(alice);
    const t = await token(alice);
    const waiting = v1(server.url, `/endpoints/${ep.id}/requests?after=0&wait=10&q=${encodeURIComponent("path:/match")}`, t.token).then(async (r) => ({ at: performance.now(), page: (await r.json()) as Page }));
    await sleep(200);
    await capture(ep.slug, "/other");
    await sleep(300);
    const sentAt = performance.now();
    const rid = await capture(ep.slug, "/match");
    const { at, page } = await waiting;
    expect(page.requests.map((r) => r.id)).toEqual([rid]);
    expect(at - sentAt).toBeLessThan(100);
  });

  it("rejects bad input with 422 naming the parameter, and another user's endpoint with 404", async () => {
    const ep = await endpoint(alice);
    const t = await token(alice);
    await capture(ep.slug);
    for (const [query, field] of [["after=-1", "after"], ["after=abc", "after"], ["after=99999", "after"], ["limit=0", "limit"], ["limit=1001", "limit"], ["wait=31", "wait"], ["q=nope:1", "q"]]) {
      const res = await v1(server.url, `/endpoints/${ep.id}/requests?${query}`, t.token);
      expect(res.status, query).toBe(422);
      expect((await res.json()).error.field, query).toBe(field);
    }
    const bobs = await endpoint(bob);
    expect((await v1(server.url, `/endpoints/${bobs.id}/requests`, t.token)).status).toBe(404);
    expect((await v1(server.url, "/nope", t.token)).status).toBe(404);
    expect((await v1(server.url, "/endpoints", t.token, {}, "POST")).status).toBe(405);
  });

  it("serves the exact bytes and the detail", async () => {
    const ep = await endpoint(alice);
    const t = await token(alice);
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const res = await sendRaw(server.port, "PUT", `/h/${ep.slug}/bin?x=1`, [["Content-Type", "application/octet-stream"], ["X-Dup", "a"], ["x-dup", "b"]], bytes);
    const rid = JSON.parse(res.body.toString()).id;
    const raw = await v1(server.url, `/endpoints/${ep.id}/requests/${rid}/raw`, t.token);
    expect(Buffer.from(await raw.arrayBuffer()).equals(bytes)).toBe(true);
    expect(raw.headers.get("content-security-policy")).toContain("sandbox");
    const detail = await (await v1(server.url, `/endpoints/${ep.id}/requests/${rid}`, t.token)).json();
    expect(detail).toMatchObject({ id: rid, method: "PUT", path: "/bin", query: "x=1", bodyText: null, bodyBase64: bytes.toString("base64") });
    expect(detail.headers.filter(([n]: [string]) => n.toLowerCase() === "x-dup")).toEqual([["X-Dup", "a"], ["x-dup", "b"]]);
  });

  it("counts every call per token and endpoint: 200s, 304s, long-polls, bytes", async () => {
    const ep = await endpoint(alice);
    const t = await token(alice, { name: "counted" });
    const first = await v1(server.url, `/endpoints/${ep.id}/requests`, t.token);
    const etag = first.headers.get("etag")!;
    await first.text();
    for (let i = 0; i < 3; i++) expect((await v1(server.url, `/endpoints/${ep.id}/requests`, t.token, { "if-none-match": etag })).status).toBe(304);
    await (await v1(server.url, `/endpoints/${ep.id}/requests?wait=1`, t.token)).text();
    await (await v1(server.url, "/endpoints", t.token)).text();
    type Counts = Record<string, number> & { endpointId?: string | null };
    const usage = await eventually(async () => {
      const mine = ((await alice.json("GET", "/api/tokens")).body.tokens as { id: string; usage: Counts; usageByEndpoint: Counts[]; lastUsedAt: string | null }[]).find((x) => x.id === t.id)!;
      return mine.usage.ok === 3 ? mine : undefined;
    }, 6000, "usage to be flushed");
    expect(usage.usage).toMatchObject({ ok: 3, notModified: 3, longPolls: 1, limited: 0 });
    expect(usage.usage.bytes).toBeGreaterThan(0);
    expect(usage.lastUsedAt).not.toBeNull();
    // Per endpoint, with the endpoint list (about no one endpoint) apart; the total is their sum.
    const byEndpoint = Object.fromEntries(usage.usageByEndpoint.map(({ endpointId, ...c }) => [endpointId ?? "none", c]));
    expect(byEndpoint[ep.id]).toMatchObject({ ok: 2, notModified: 3, longPolls: 1, limited: 0 });
    expect(byEndpoint.none).toMatchObject({ ok: 1, notModified: 0, longPolls: 0, limited: 0 });
    expect(byEndpoint[ep.id].bytes + byEndpoint.none.bytes).toBe(usage.usage.bytes);
  });
});

describe("per-token rate limit (API_RATE_LIMIT_PER_HOUR=5)", () => {
  let limited: AppServer;
  beforeAll(async () => { limited = await startAppServer({ env: { API_RATE_LIMIT_PER_HOUR: "5" } }); });
  afterAll(async () => { await limited.stop(); await removeDir(limited.dataDir); });

  it("reports the budget on every answer and answers 429 + Retry-After when it is spent", async () => {
    const carol = await signedInClient(limited.url, "carol@example.com");
    const t = await token(carol);
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await v1(limited.url, "/endpoints", t.token);
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBe("5");
      const reset = Number(res.headers.get("ratelimit-reset"));
      expect(reset).toBeGreaterThan(0);
      expect(reset).toBeLessThanOrEqual(3600);
      remaining.push(res.headers.get("ratelimit-remaining")!);
    }
    expect(remaining).toEqual(["4", "3", "2", "1", "0"]);
    const refused = await v1(limited.url, "/endpoints", t.token);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBe(Number(refused.headers.get("ratelimit-reset")));
    expect((await refused.json()).error.code).toBe("rate_limited");
    // Another token of the same user has its own budget.
    expect((await v1(limited.url, "/endpoints", (await token(carol)).token)).status).toBe(200);
  });
});
