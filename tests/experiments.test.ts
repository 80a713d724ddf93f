import { openTestDb } from "./helpers/databases";
import { createParser } from "eventsource-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, removeDir, startAppServer, type AppServer } from "./helpers/app-server";
import { signedInClient, type ApiClient } from "./helpers/http-client";
import { type Exchange, startRecordingProxy } from "./helpers/recording-proxy";

/**
 * Issue 12, live experiments, against the real server. The server is told to send its experiments'
 * traffic through a recording proxy (EXPERIMENT_TARGET_URL), so the test sees on the wire every
 * webhook the event source sent and every call each client made, and checks the saved report
 * against what it saw.
 */
let server: AppServer;
let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
let alice: ApiClient;
let endpoint: { id: string; slug: string };

beforeAll(async () => {
  const port = await freePort();
  proxy = await startRecordingProxy(() => `http://127.0.0.1:${port}`);
  server = await startAppServer({ port, env: { EXPERIMENT_TARGET_URL: proxy.url } });
  alice = await signedInClient(server.url, "alice@example.com");
  endpoint = (await alice.json("POST", "/api/endpoints", { name: "experiments" })).body;
  const rule = await alice.json("POST", `/api/endpoints/${endpoint.id}/rules`, { name: "everything", targetUrl: "https://forward.example.com/hook" });
  expect(rule.status).toBe(201);
});
afterAll(async () => {
  await server.stop();
  await proxy.close();
  removeDir(server.dataDir);
});

type Report = {
  events: number;
  roundTripMs: number;
  clients: {
    key: string; kind: string; requests: number; drainRequests: number; empty: number; notModified: number; bytes: number; fetches?: number;
    seen: number; missed: number; meanDelayMs: number; maxDelayMs: number; predictedRequests: number;
  }[];
};
type Experiment = { id: string; state: string; report?: Report; error: string | null; samples?: { observations: number[][] } };

async function runToEnd(body: unknown): Promise<Experiment> {
  const started = await alice.json("POST", `/api/endpoints/${endpoint.id}/experiments`, body);
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const url = `/api/endpoints/${endpoint.id}/experiments/${started.body.id}`;
  // Every second, asking for no observations while it runs: the test should not load the server it measures.
  for (let i = 0; i < 90; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    const e = (await alice.json<Experiment>("GET", `${url}?after=1000000000`)).body;
    if (e.state !== "running") return (await alice.json<Experiment>("GET", url)).body;
  }
  throw new Error("the experiment did not end within 90 s");
}

const eventPath = (id: string) => new RegExp(`^/h/[^/]+/_experiment/${id}/(\\d+)$`);
const by = (key: string) => (x: Exchange) => x.userAgent === `webhook-inbox-experiment (${key})`;

describe("a live experiment", () => {
  let e: Experiment;
  beforeAll(async () => {
    e = await runToEnd({
      durationSeconds: 10, eventsPerSecond: 5, pattern: "poisson",
      pollers: [{ intervalSeconds: 1, etag: false }, { intervalSeconds: 2, etag: true }], longPoll: true, hybrid: true, push: true,
    });
  }, 120_000);

  it("finishes with every accepted event seen by every client", () => {
    expect(e.state, e.error ?? "").toBe("finished");
    expect(e.report!.events).toBeGreaterThan(20);
    for (const c of e.report!.clients) expect([c.key, c.seen, c.missed]).toEqual([c.key, e.report!.events, 0]);
  });

  it("sent exactly the webhooks the observer saw, and each was accepted", () => {
    const sent = proxy.exchanges.filter((x) => eventPath(e.id).test(x.url));
    expect(sent).toHaveLength(e.report!.events);
    expect(sent.every((x) => x.method === "POST" && x.status === 200 && by("source")(x))).toBe(true);
  });

  it("each poller's calls, 304s, empty answers, bytes and delays match what crossed the wire", () => {
    const sentAt = new Map(proxy.exchanges.filter((x) => eventPath(e.id).test(x.url)).map((x) => [Number(eventPath(e.id).exec(x.url)![1]), x.arrivedAt]));
    for (const key of ["poll-1s", "poll-2s-etag", "longpoll"]) {
      const c = e.report!.clients.find((x) => x.key === key)!;
      const calls = proxy.exchanges.filter((x) => by(key)(x) && x.finished);
      expect(calls.length, key).toBe(c.requests + c.drainRequests);
      expect(calls.every((x) => x.url.startsWith(`/api/v1/endpoints/${endpoint.id}/requests?after=`))).toBe(true);
      expect(calls.filter((x) => x.status === 304).length, key).toBe(c.notModified);
      const events = (x: Exchange) =>
        x.status === 200 ? (JSON.parse(x.body.toString()) as { requests: { path: string }[] }).requests.map((r) => /_experiment\/[^/]+\/(\d+)$/.exec(r.path)).filter(Boolean).map((m) => Number(m![1])) : [];
      expect(calls.filter((x) => events(x).length === 0).length, key).toBe(c.empty);
      expect(calls.reduce((s, x) => s + x.wireBytes, 0), key).toBe(c.bytes);
      // The observer's delay: from the webhook reaching the proxy to the answer that carried it leaving it.
      const seen = new Map<number, number>();
      for (const x of calls) for (const n of events(x)) if (!seen.has(n)) seen.set(n, x.doneAt - sentAt.get(n)!);
      expect(seen.size).toBe(e.report!.events);
      // Event by event: the report's clock starts as the webhook leaves the server and stops once the
      // client has read the answer; the observer's starts a hop later and stops a hop earlier. So the
      // report is never shorter (1 ms of slack for timer resolution), and longer by about those two
      // hops, which an API round trip also crosses twice: 1-3 ms here when idle, tens of ms when the
      // two cores are busy with other work (the run's median round trip grows with them).
      const reported = new Map(e.samples!.observations.filter(([client]) => e.report!.clients[client].key === key).map(([, n, , d]) => [n, d]));
      const diffs = [...seen].map(([n, observed]) => reported.get(n)! - observed).sort((a, b) => a - b);
      expect(diffs[0], key).toBeGreaterThan(-1);
      expect(diffs[Math.floor(diffs.length / 2)], `${key}: median difference`).toBeLessThan(e.report!.roundTripMs + 5);
    }
  });

  it("push and hybrid: every event came down the stream, and the hybrid fetched each one once", () => {
    const push = e.report!.clients.find((x) => x.key === "push")!;
    const stream = proxy.exchanges.find((x) => by("push")(x) && x.url.includes("/stream"))!;
    const frames: string[] = [];
    const parser = createParser({ onEvent: (m) => m.event === "request" && frames.push(m.data) });
    for (const [, text] of stream.chunks) parser.feed(text);
    const pushed = frames.filter((d) => d.includes(`/_experiment/${e.id}/`));
    expect(pushed).toHaveLength(push.requests);
    expect(push.requests).toBe(e.report!.events);
    expect(push.meanDelayMs).toBeLessThan(1000);

    const hybrid = e.report!.clients.find((x) => x.key === "hybrid")!;
    const fetches = proxy.exchanges.filter((x) => by("hybrid")(x) && /\/api\/v1\/endpoints\/[^/]+\/requests\/[^/?]+$/.test(x.url));
    expect(fetches).toHaveLength(e.report!.events);
    expect(hybrid.fetches).toBe(e.report!.events);
    expect(hybrid.requests).toBe(2 * e.report!.events);
  });

  it("marks its traffic (hidden by the inbox toggle, never forwarded), and revoked its short-lived token", async () => {
    // Its events and the one warm-up webhook sent before the window (through the same capture path).
    const all = (await alice.json("GET", `/api/endpoints/${endpoint.id}/requests?limit=500`)).body.requests as { experimentId: string | null; path: string }[];
    const marked = all.filter((r) => r.experimentId === e.id);
    expect(marked).toHaveLength(e.report!.events + 1);
    expect(marked.filter((r) => r.path.endsWith("/warm-up"))).toHaveLength(1);
    const hidden = (await alice.json("GET", `/api/endpoints/${endpoint.id}/requests?limit=500&experiments=hide`)).body.requests as unknown[];
    expect(hidden).toHaveLength(all.length - marked.length);
    const db = await openTestDb(server.env.DATABASE_URL!);
    const [deliveries] = await db.query<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Delivery"`);
    expect(Number(deliveries.n)).toBe(0); // the endpoint has a rule matching everything
    const tokens = await db.query<{ revokedAt: unknown; readOnly: number | boolean }>(`SELECT "name", "revokedAt", "expiresAt", "hourlyLimit", "readOnly" FROM "ApiToken" WHERE "name" LIKE 'Experiment %'`);
    await db.close();
    expect(tokens).toHaveLength(1);
    expect(tokens[0].revokedAt).not.toBeNull();
    expect(Boolean(tokens[0].readOnly)).toBe(true);
    // A webhook carrying a made-up mark is ordinary traffic.
    const forged = await fetch(`${server.url}/h/${endpoint.slug}/_experiment/${e.id}/999`, { method: "POST", headers: { "X-Inbox-Experiment": "guess" }, body: "{}" });
    expect(forged.status).toBe(200);
    const latest = (await alice.json("GET", `/api/endpoints/${endpoint.id}/requests?limit=1`)).body.requests[0];
    expect(latest.experimentId).toBeNull();
  });

  it("exports JSON and CSV, shares a read-only link the owner can revoke, and deletes report and traffic", async () => {
    const json = await alice.request("GET", `/api/endpoints/${endpoint.id}/experiments/${e.id}/export?format=json`);
    expect(json.headers.get("content-disposition")).toMatch(/attachment; filename="experiment-.*\.json"/);
    expect((await json.json()).report).toEqual(e.report);
    const csv = await (await alice.request("GET", `/api/endpoints/${endpoint.id}/experiments/${e.id}/export?format=csv`)).text();
    expect(csv.split("\r\n")[0]).toMatch(/^client,kind,interval_s,etag,requests,/);
    expect(csv.split("\r\n").filter((l) => l.startsWith("poll-1s,poll,1,false,"))).toHaveLength(1);
    const perEvent = await (await alice.request("GET", `/api/endpoints/${endpoint.id}/experiments/${e.id}/export?format=csv&rows=events`)).text();
    expect(perEvent.trim().split("\r\n")).toHaveLength(1 + e.report!.events);

    const share = await alice.json("POST", `/api/endpoints/${endpoint.id}/experiments/${e.id}/share`);
    expect(share.status).toBe(201);
    const token = new URL(share.body.url).pathname.split("/").pop()!;
    const shared = await fetch(`${server.url}/api/shared/experiments/${token}`); // no cookie
    expect(shared.status).toBe(200);
    expect((await shared.json()).report).toEqual(e.report);
    const db = await openTestDb(server.env.DATABASE_URL!);
    expect(JSON.stringify(await db.query(`SELECT * FROM "Experiment"`))).not.toContain(token);
    await db.close();
    expect((await alice.request("DELETE", `/api/endpoints/${endpoint.id}/experiments/${e.id}/share`)).status).toBe(204);
    expect((await fetch(`${server.url}/api/shared/experiments/${token}`)).status).toBe(404);

    const deleted = await alice.json("DELETE", `/api/endpoints/${endpoint.id}/experiments/${e.id}`);
    expect(deleted.body).toEqual({ requestsDeleted: e.report!.events + 1 });
    const left = (await alice.json("GET", `/api/endpoints/${endpoint.id}/requests?limit=500`)).body.requests as { experimentId: string | null }[];
    expect(left.some((r) => r.experimentId === e.id)).toBe(false);
    expect((await alice.json("GET", `/api/endpoints/${endpoint.id}/experiments/${e.id}`)).status).toBe(404);
  });
});

describe("bad input and limits", () => {
  it.each([
    [{ durationSeconds: 5, eventsPerSecond: 1 }, "durationSeconds"],
    [{ durationSeconds: 601, eventsPerSecond: 1 }, "durationSeconds"],
    [{ durationSeconds: 10, eventsPerSecond: 51 }, "eventsPerSecond"],
    [{ durationSeconds: 10, eventsPerSecond: 0 }, "eventsPerSecond"],
    [{ durationSeconds: 10, eventsPerSecond: 1, pollers: [{ intervalSeconds: 0.1 }] }, "pollers.0.intervalSeconds"],
    [{ durationSeconds: 10, eventsPerSecond: 1, pollers: [{ intervalSeconds: 301 }] }, "pollers.0.intervalSeconds"],
    [{ durationSeconds: 10, eventsPerSecond: 1, pattern: "chaos" }, "pattern"],
    [{ durationSeconds: 10, eventsPerSecond: 1, push: false }, "pollers"],
  ])("%j -> 422 naming %s", async (body, field) => {
    const res = await alice.json("POST", `/api/endpoints/${endpoint.id}/experiments`, body);
    expect(res.status).toBe(422);
    expect(res.body.error.field).toBe(field);
  });

  it("refuses more events than the endpoint keeps, a second run while one runs (409), and cancels on request", async () => {
    await alice.json("PATCH", `/api/endpoints/${endpoint.id}`, { maxRequests: 100 });
    const tooMany = await alice.json("POST", `/api/endpoints/${endpoint.id}/experiments`, { durationSeconds: 60, eventsPerSecond: 2 });
    expect([tooMany.status, tooMany.body.error.field]).toEqual([422, "eventsPerSecond"]);
    await alice.json("PATCH", `/api/endpoints/${endpoint.id}`, { maxRequests: 10_000 });

    const first = await alice.json("POST", `/api/endpoints/${endpoint.id}/experiments`, { durationSeconds: 60, eventsPerSecond: 2, pollers: [{ intervalSeconds: 1 }] });
    expect(first.status).toBe(201);
    const second = await alice.json("POST", `/api/endpoints/${endpoint.id}/experiments`, { durationSeconds: 10, eventsPerSecond: 1 });
    expect([second.status, second.body.error.code]).toEqual([409, "conflict"]);
    await new Promise((r) => setTimeout(r, 2500));
    const cancelled = await alice.json("POST", `/api/endpoints/${endpoint.id}/experiments/${first.body.id}/cancel`);
    expect(cancelled.body).toMatchObject({ state: "cancelled", error: "cancelled by the user" });
    expect(cancelled.body.report.events).toBeGreaterThan(0);
    const list = (await alice.json("GET", `/api/endpoints/${endpoint.id}/experiments`)).body.experiments as { id: string; state: string; requestsKept: number }[];
    expect(list[0]).toMatchObject({ id: first.body.id, state: "cancelled", requestsKept: cancelled.body.report.events + 1 });
    // Another user sees none of it.
    const bob = await signedInClient(server.url, "bob@example.com");
    expect((await bob.json("GET", `/api/endpoints/${endpoint.id}/experiments/${first.body.id}`)).status).toBe(404);
    expect((await bob.json("POST", `/api/endpoints/${endpoint.id}/experiments/${first.body.id}/cancel`)).status).toBe(404);
  });
});
