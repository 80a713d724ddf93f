import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, signedInClient } from "./helpers/http-client";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";
import { capture, pool } from "./helpers/inbound";
import { SseClient, cookieOf } from "./helpers/sse-client";

// The live stream (GET /api/endpoints/<id>/stream) against the real server over real sockets:
// headers, live delivery, Last-Event-ID / ?after= replay with no gap and no duplicate (also
// while requests arrive concurrently), deleted/cleared, access control, release on disconnect, reset.

type Endpoint = { id: string; slug: string };
type Summary = { id: string; seq: number; method: string; path: string; query: string; size: number; contentType: string | null; ip: string; receivedAt: string };

let server: AppServer;
let alice: ApiClient;
let bob: ApiClient;
const open: SseClient[] = [];

// Lets a test read the event bus's subscriber count for an endpoint (see the helper).
const BUS_PROBE = pathToFileURL(path.join(import.meta.dirname, "helpers/bus-probe.mjs")).href;

beforeAll(async () => {
  server = await startAppServer({ nodeArgs: ["--import", BUS_PROBE] });
  [alice, bob] = await Promise.all([signedInClient(server.url, "alice@example.com"), signedInClient(server.url, "bob@example.com")]);
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await server?.stop();
  if (server) await removeDir(server.dataDir);
});

async function newEndpoint(client = alice): Promise<Endpoint> {
  const res = await client.json("POST", "/api/endpoints", {});
  expect(res.status).toBe(201);
  return res.body;
}

/** Stores one POST with a small JSON body; returns the request id. */
function post(ep: Endpoint, n = 0): Promise<string> {
  return capture(server.port, ep.slug, "POST", `/n/${n}?i=${n}`, [["Content-Type", "application/json"]], JSON.stringify({ n, secret: "body-must-not-leak" }));
}

async function postMany(ep: Endpoint, count: number, concurrency = 1) {
  return pool(Array.from({ length: count }, (_, i) => i), concurrency, (i) => post(ep, i));
}

async function summaries(ep: Endpoint): Promise<Summary[]> {
  const res = await alice.json<{ requests: Summary[] }>("GET", `/api/endpoints/${ep.id}/requests?limit=500`);
  expect(res.status).toBe(200);
  return res.body.requests;
}

/** Opens a stream and waits for its preamble (sent after the server has subscribed). */
async function connect(ep: Endpoint, opts: { lastEventId?: string; after?: string; client?: ApiClient | null; headers?: Record<string, string>; preamble?: boolean } = {}) {
  const client = opts.client === undefined ? alice : opts.client;
  const path = `/api/endpoints/${ep.id}/stream${opts.after !== undefined ? `?after=${opts.after}` : ""}`;
  const c = await SseClient.connect(server.url, path, {
    cookie: client ? cookieOf(client) : undefined,
    headers: { ...(opts.lastEventId !== undefined ? { "last-event-id": opts.lastEventId } : {}), ...opts.headers },
  });
  open.push(c);
  if (c.status === 200 && opts.preamble !== false) await c.waitFor((x) => x.retry !== undefined, 5000, "the retry preamble");
  return c;
}

/** The server's live subscriptions for an endpoint, from the preloaded bus probe. */
async function subscribers(endpointId: string): Promise<number> {
  const from = server.output().length;
  server.child.kill("SIGUSR2");
  for (let i = 0; i < 100; i++) {
    const m = /bus-probe (\{.*\})\n/.exec(server.output().slice(from));
    if (m) return (JSON.parse(m[1]) as Record<string, number>)[endpointId] ?? 0;
    await sleep(20);
  }
  throw new Error("the bus probe did not answer");
}

/** Polls until the endpoint has `n` subscriptions (or the deadline passes) and returns the count. */
async function settleSubscribers(endpointId: string, n: number, ms = 3000): Promise<number> {
  const deadline = Date.now() + ms;
  let count = await subscribers(endpointId);
  while (count !== n && Date.now() < deadline) {
    await sleep(50);
    count = await subscribers(endpointId);
  }
  return count;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Waits a little longer and checks nothing more (a duplicate, say) arrived. */
async function expectQuiet(c: SseClient, count: number, ms = 300) {
  await sleep(ms);
  expect(c.events.length).toBe(count);
}

describe("stream basics", () => {
  it("answers with SSE headers, uncompressed, and sends the retry preamble at once", async () => {
    const ep = await newEndpoint();
    const started = performance.now();
    const c = await connect(ep, { headers: { "accept-encoding": "gzip, deflate, br" } });
    // The preamble arrives without waiting for an event or a heartbeat: nothing buffers the stream.
    expect(performance.now() - started).toBeLessThan(3000);
    expect(c.status).toBe(200);
    expect(c.headers["content-type"]).toMatch(/^text\/event-stream\b/);
    const cacheControl = String(c.headers["cache-control"]);
    expect(cacheControl).toContain("no-cache");
    expect(cacheControl).toContain("no-transform");
    expect(c.headers["x-accel-buffering"]).toBe("no");
    expect(c.headers["content-encoding"]).toBeUndefined();
    expect(c.retry).toBe(1000);
    expect(c.log[0]).toBe("retry:1000");
    expect(c.events).toEqual([]);
  });

  it("delivers new requests live in seq order with the summary fields and no body or headers", async () => {
    const ep = await newEndpoint();
    const other = await newEndpoint();
    const c = await connect(ep);
    // Sequential requests of different shapes, then a concurrent burst; plus noise on another endpoint.
    await capture(server.port, ep.slug, "PUT", "/a/b?x=1&x=2", [["Content-Type", "text/plain"]], "hello");
    await capture(server.port, ep.slug, "GET", "", []);
    await capture(server.port, ep.slug, "DELETE", "/z", [["X-Secret-Header", "s3cr3t"]]);
    await Promise.all([postMany(ep, 12, 12), postMany(other, 5, 5)]);
    await c.waitForEvents(15);
    await expectQuiet(c, 15);

    expect(c.seqs()).toEqual(range(1, 15));
    const byId = new Map((await summaries(ep)).map((s) => [s.id, s]));
    expect(byId.size).toBe(15);
    for (const e of c.events) {
      expect(e.event).toBe("request");
      const data = c.json<{ type: string; request: Summary; committedAt: number }>(e);
      // Exactly these keys: no body, headers or endpointId. Live events carry their commit time
      // (epoch ms on the server's latency clock), which push latency is measured from.
      expect(Object.keys(data).sort()).toEqual(["committedAt", "request", "type"]);
      expect(Math.abs(data.committedAt - Date.now())).toBeLessThan(60_000);
      expect(data.type).toBe("request");
      expect(Object.keys(data.request).sort()).toEqual(["contentType", "duplicateOf", "duplicateOfSeq", "experimentId", "forwarding", "id", "ip", "method", "path", "query", "receivedAt", "seq", "signatureStatus", "size"]);
      expect(data.request).toEqual(byId.get(data.request.id));
      expect(e.id).toBe(String(data.request.seq));
      expect(e.data).not.toContain("body-must-not-leak");
      expect(e.data).not.toContain("s3cr3t");
    }
    const first = c.json(c.events[0]).request;
    expect(first).toMatchObject({ seq: 1, method: "PUT", path: "/a/b", query: "x=1&x=2", size: 5, contentType: "text/plain", ip: "127.0.0.1" });
  });
});

describe("resumption", () => {
  it("replays what came after Last-Event-ID, then continues live, with no duplicate", async () => {
    const ep = await newEndpoint();
    await postMany(ep, 5);
    const c = await connect(ep, { lastEventId: "2" });
    await c.waitForEvents(3);
    expect(c.seqs()).toEqual([3, 4, 5]);
    const stored = new Map((await summaries(ep)).map((s) => [s.seq, s]));
    for (const e of c.events) expect(c.json(e)).toEqual({ type: "request", request: stored.get(Number(e.id)) });
    await post(ep, 6);
    await c.waitForEvents(4);
    await expectQuiet(c, 4);
    expect(c.seqs()).toEqual([3, 4, 5, 6]);
  });

  it("replays the same way from ?after=", async () => {
    const ep = await newEndpoint();
    await postMany(ep, 5);
    const c = await connect(ep, { after: "2" });
    await c.waitForEvents(3);
    expect(c.seqs()).toEqual([3, 4, 5]);
    await post(ep, 6);
    await c.waitForEvents(4);
    await expectQuiet(c, 4);
    expect(c.seqs()).toEqual([3, 4, 5, 6]);
  });

  it("prefers Last-Event-ID over ?after= (a browser reconnecting keeps the original URL)", async () => {
    const ep = await newEndpoint();
    await postMany(ep, 5);
    const c = await connect(ep, { after: "1", lastEventId: "3" });
    await c.waitForEvents(2);
    await expectQuiet(c, 2);
    expect(c.seqs()).toEqual([4, 5]);
  });

  it("replays everything from 0, nothing from the newest seq or beyond, and nothing without an id", async () => {
    const ep = await newEndpoint();
    await postMany(ep, 4);
    const all = await connect(ep, { lastEventId: "0" });
    const none = await connect(ep, { after: "4" });
    const beyond = await connect(ep, { lastEventId: "99" });
    const fresh = await connect(ep);
    await all.waitForEvents(4);
    await post(ep, 5);
    await Promise.all([none, fresh, all].map((c) => c.waitFor((x) => x.seqs().includes(5), 5000, "seq 5")));
    await sleep(300);
    expect(all.seqs()).toEqual([1, 2, 3, 4, 5]);
    expect(none.seqs()).toEqual([5]);
    expect(fresh.seqs()).toEqual([5]);
    // A client that claims to be ahead hears only seqs above its id.
    expect(beyond.seqs()).toEqual([]);
  });

  /**
   * Fires 50 requests without waiting for one another, one every ~2 ms so the burst spans the moment
   * the server subscribes, and connects with Last-Event-ID `lastEventId` `connectAtMs` into it. The
   * stream must then carry exactly the seqs after lastEventId up to newest+50, once each, in order.
   * Returns whether the burst straddled the subscription: some of the 50 were answered (so committed)
   * before the preamble arrived, which the server sends once it has subscribed, and some after.
   */
  async function raceRound(ep: Endpoint, lastEventId: number, newest: number, connectAtMs: number): Promise<boolean> {
    let answered = 0;
    let answeredAtPreamble = -1;
    const burst = Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        await sleep(i * 2);
        await post(ep, i);
        answered++;
      }),
    );
    await sleep(connectAtMs);
    const c = await connect(ep, { lastEventId: String(lastEventId), preamble: false });
    const preamble = c.waitFor((x) => x.retry !== undefined, 5000, "preamble").then(() => (answeredAtPreamble = answered));
    await Promise.all([burst, preamble]);
    const want = range(lastEventId + 1, newest + 50);
    await c.waitForEvents(want.length, 5000);
    await expectQuiet(c, want.length, 200);
    expect(c.seqs(), `Last-Event-ID ${lastEventId}, connected ${connectAtMs} ms into the burst`).toEqual(want);
    expect(c.events.every((e) => e.event === "request")).toBe(true);
    await c.close();
    return answeredAtPreamble > 0 && answeredAtPreamble < 50;
  }

  it("has no gap and no duplicate when connecting while 50 requests arrive concurrently", async () => {
    const straddled: number[] = [];
    for (const connectAtMs of [0, 10, 25, 40, 60]) {
      const ep = await newEndpoint();
      await postMany(ep, 5);
      if (await raceRound(ep, 5, 5, connectAtMs)) straddled.push(connectAtMs);
    }
    // Guard against a test that never exercised the race.
    expect(straddled.length, "no round had requests committed both before and after subscribing").toBeGreaterThan(0);
  });

  it("has no gap and no duplicate when the burst lands while a long replay (700 rows) is read", async () => {
    // A long replay keeps the server between subscribing and flushing its buffer for longer, so
    // live events surely arrive in that window: some already in the replay, some only buffered.
    const ep = await newEndpoint();
    await postMany(ep, 700, 32);
    let newest = 700;
    let straddled = 0;
    for (const connectAtMs of [5, 20, 40, 60]) {
      if (await raceRound(ep, newest - 700, newest, connectAtMs)) straddled++;
      newest += 50;
    }
    expect(straddled, "no round had requests committed both before and after subscribing").toBeGreaterThan(0);
  });

  it("422s a Last-Event-ID or after that is not a non-negative integer", async () => {
    const ep = await newEndpoint();
    for (const opts of [{ lastEventId: "abc" }, { lastEventId: "-1" }, { after: "1.5" }, { after: "x" }]) {
      const c = await connect(ep, opts);
      expect(c.status, JSON.stringify(opts)).toBe(422);
      expect(JSON.parse(c.body).error.code).toBe("validation_failed");
    }
  });
});

describe("deleted and cleared", () => {
  it("sends deleted and cleared events without an id, and seqs are not reused after a clear", async () => {
    const ep = await newEndpoint();
    const c = await connect(ep);
    const [a] = [await post(ep, 1), await post(ep, 2)];
    await c.waitForEvents(2);

    // Another user cannot delete, and that publishes nothing.
    expect((await bob.json("DELETE", `/api/endpoints/${ep.id}/requests/${a}`)).status).toBe(404);
    expect((await bob.json("DELETE", `/api/endpoints/${ep.id}/requests`)).status).toBe(404);

    expect((await alice.json("DELETE", `/api/endpoints/${ep.id}/requests/${a}`)).status).toBe(204);
    await c.waitForEvents(3);
    expect(c.events[2]).toEqual({ id: undefined, event: "deleted", data: JSON.stringify({ type: "deleted", id: a }) });

    expect((await alice.json("DELETE", `/api/endpoints/${ep.id}/requests`)).status).toBe(204);
    await c.waitForEvents(4);
    expect(c.events[3]).toEqual({ id: undefined, event: "cleared", data: JSON.stringify({ type: "cleared" }) });

    await post(ep, 3);
    await c.waitForEvents(5);
    await expectQuiet(c, 5);
    expect(c.events.map((e) => e.event)).toEqual(["request", "request", "deleted", "cleared", "request"]);
    expect(c.seqs()).toEqual([1, 2, 3]);
  });
});

describe("access", () => {
  it("401s without a session and 404s another user's or an unknown endpoint, as JSON", async () => {
    const ep = await newEndpoint();
    const anon = await connect(ep, { client: null });
    expect(anon.status).toBe(401);
    expect(anon.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(anon.body)).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });

    const other = await connect(ep, { client: bob, lastEventId: "0" });
    expect(other.status).toBe(404);
    expect(other.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(other.body)).toEqual({ error: { code: "not_found", message: "Endpoint not found" } });

    const unknown = await connect({ id: "no-such-endpoint", slug: "" });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error.code).toBe("not_found");
    // Refused before subscribing.
    expect(await subscribers(ep.id)).toBe(0);
  });
});

describe("disconnects", () => {
  it("releases a closed client: 200 open/close cycles leave no subscription, sockets and memory flat, delivery prompt", async () => {
    const ep = await newEndpoint();
    const pid = server.child.pid!;
    const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;
    const fds = () => fs.readdirSync(`/proc/${pid}/fd`).length;
    const cycle = async (n: number) => {
      for (let i = 0; i < n; i += 20) {
        const batch = await Promise.all(Array.from({ length: Math.min(20, n - i) }, () => connect(ep)));
        await Promise.all(batch.map((c) => c.close()));
      }
    };
    await cycle(20); // warm up the route
    expect(await settleSubscribers(ep.id, 0)).toBe(0);
    const fds0 = fds();
    const rss0 = rss();

    // While open, each client holds exactly one subscription.
    const held = await Promise.all(Array.from({ length: 10 }, () => connect(ep)));
    expect(await subscribers(ep.id)).toBe(10);
    await Promise.all(held.map((c) => c.close()));

    await cycle(200);
    expect(await settleSubscribers(ep.id, 0)).toBe(0);
    // Requests published after the disconnects reach no stale subscriber (nor crash one).
    await postMany(ep, 20, 10);
    const deadline = Date.now() + 5000;
    while (fds() > fds0 + 5 && Date.now() < deadline) await sleep(50);
    expect(fds()).toBeLessThanOrEqual(fds0 + 5);
    expect(rss() - rss0).toBeLessThan(30 * 1024 * 1024);

    const fresh = await connect(ep);
    expect(await subscribers(ep.id)).toBe(1);
    const t0 = performance.now();
    await post(ep, 99);
    await fresh.waitForEvents(1, 2000);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(fresh.seqs()).toEqual([21]);
    await fresh.close();
    expect(await settleSubscribers(ep.id, 0)).toBe(0);
    expect(server.output()).not.toMatch(/listener failed|unhandled error|ERR_INVALID_STATE/i);
  });
});

describe("reset", () => {
  it("sends reset when more than 1000 were missed, and replays exactly 1000", async () => {
    const ep = await newEndpoint();
    await postMany(ep, 1005, 32);

    const c = await connect(ep, { lastEventId: "0" });
    await c.waitForEvents(1);
    // The reset carries the newest seq, so a client that reconnects again resumes instead of resetting again.
    expect(c.events[0]).toEqual({ id: "1005", event: "reset", data: JSON.stringify({ type: "reset" }) });
    await expectQuiet(c, 1);
    await post(ep, 1006);
    await c.waitForEvents(2);
    expect(c.events[1].event).toBe("request");
    expect(c.events[1].id).toBe("1006");

    // 1001 missed: reset; exactly 1000 missed: replayed in full.
    const over = await connect(ep, { lastEventId: "5" });
    const exact = await connect(ep, { after: "6" });
    await over.waitForEvents(1);
    await exact.waitForEvents(1000, 10_000);
    await expectQuiet(exact, 1000);
    expect(over.events.map((e) => e.event)).toEqual(["reset"]);
    expect(exact.events.every((e) => e.event === "request")).toBe(true);
    expect(exact.seqs()).toEqual(range(7, 1006));
  });
});
