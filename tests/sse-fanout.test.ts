import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BUFFERED_BYTES } from "@/lib/events/live-stream";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";
import { signedInClient, type ApiClient } from "./helpers/http-client";
import { capture } from "./helpers/inbound";
import { sample } from "./helpers/metrics";
import { SseClient, cookieOf } from "./helpers/sse-client";

// The live stream under load, against the real server: a client that stops reading is dropped
// once its unsent data passes the limit, without delaying the others, and resumes with nothing
// lost; idle streams hear a heartbeat.

let server: AppServer;
let alice: ApiClient;
const open: SseClient[] = [];

beforeAll(async () => {
  server = await startAppServer();
  alice = await signedInClient(server.url, "fanout@example.com");
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await server?.stop();
  if (server) removeDir(server.dataDir);
});

async function newEndpoint(): Promise<{ id: string; slug: string }> {
  const res = await alice.json("POST", "/api/endpoints", {});
  expect(res.status).toBe(201);
  return res.body;
}

async function connect(endpointId: string, query = "", headers: Record<string, string> = {}) {
  const c = await SseClient.connect(server.url, `/api/endpoints/${endpointId}/stream${query}`, { cookie: cookieOf(alice), headers });
  open.push(c);
  expect(c.status).toBe(200);
  await c.waitFor((x) => x.retry !== undefined, 5000, "the retry preamble");
  return c;
}

async function dropped(): Promise<number> {
  const res = await fetch(`${server.url}/metrics`);
  return sample(await res.text(), "webhook_inbox_sse_dropped_total") ?? 0;
}

describe.concurrent("live stream fan-out", () => {
  it("drops a client that stops reading once its unsent data passes the limit, while 50 others get every event on time; it then resumes with nothing lost", async () => {
    const ep = await newEndpoint();
    const readers = await Promise.all(Array.from({ length: 50 }, () => connect(ep.id)));
    const slow = await connect(ep.id);
    slow.pause();

    // Long paths make big events (~6 KB each), so the kernel's buffers for the slow client's
    // connection fill after a few hundred.
    const path = (i: number) => `/n/${i}/${"x".repeat(6000)}`;
    const answeredAt = new Map<string, number>();
    const ids: string[] = [];
    let sentAtDrop = 0;
    for (let i = 0; i < 3000 && !sentAtDrop; i++) {
      const id = await capture(server.port, ep.slug, "POST", path(i), [["Content-Type", "application/json"]], "{}");
      answeredAt.set(id, performance.now());
      ids.push(id);
      if (i % 5 === 4 && (await dropped()) === 1) sentAtDrop = ids.length;
    }
    expect(sentAtDrop, "the slow client was never dropped").toBeGreaterThan(0);
    for (let i = 0; i < 10; i++) {
      const id = await capture(server.port, ep.slug, "POST", path(sentAtDrop + i), [["Content-Type", "application/json"]], "{}");
      answeredAt.set(id, performance.now());
      ids.push(id);
    }
    const all = ids.map((_, i) => i + 1);

    // Every reader got every event, in order, each within a second of its answer to the sender.
    let latest = 0;
    for (const c of readers) {
      await c.waitForEvents(ids.length, 20_000);
      expect(c.seqs()).toEqual(all);
      c.events.forEach((e, i) => (latest = Math.max(latest, c.arrivals[i] - answeredAt.get(c.json(e).request.id)!)));
    }
    expect(latest, "slowest event to a reader, ms after its answer").toBeLessThan(1000);
    expect(await dropped()).toBe(1);
    // Dropped only once more than the limit waited beyond what the kernel took (~4 MB here).
    const drop = server.logs().find((l) => String(l.msg).startsWith("live stream dropped"));
    expect(drop).toMatchObject({ endpointId: ep.id });
    expect(drop!.unsentBytes).toBeGreaterThan(MAX_BUFFERED_BYTES);

    // It reads again: what the kernel still held arrives, then the end of the stream, mid-event
    // perhaps; every complete event it got is in order with no gap.
    slow.resume();
    await slow.waitFor((c) => c.ended, 20_000, "the dropped stream to end");
    const had = slow.seqs();
    expect(had).toEqual(all.slice(0, had.length));
    // Reconnecting as EventSource does resumes from the database: the rest, once each.
    const again = await connect(ep.id, "", { "last-event-id": String(had.at(-1) ?? 0) });
    await again.waitForEvents(ids.length - had.length, 10_000);
    expect([...had, ...again.seqs()]).toEqual(all);
    expect(again.events.every((e) => e.event === "request")).toBe(true);
  }, 120_000);

  it("sends a heartbeat comment to idle streams at least every 15 s, caught up or still ahead of the endpoint", async () => {
    const ep = await newEndpoint();
    const fresh = await connect(ep.id);
    const ahead = await connect(ep.id, "?after=5"); // claims more than the endpoint has: hears events on its own
    const started = performance.now();
    await Promise.all([fresh, ahead].map((c) => c.waitFor((x) => x.comments.includes("heartbeat"), 16_000, "a heartbeat")));
    expect(performance.now() - started).toBeLessThan(15_500);
    expect(fresh.ended || ahead.ended).toBe(false);
    expect([...fresh.events, ...ahead.events]).toEqual([]);
  }, 30_000);

  it("answers other methods than GET with 405 and Allow, in the error envelope", async () => {
    const ep = await newEndpoint();
    for (const method of ["POST", "DELETE", "HEAD"]) {
      const res = await alice.request(method, `/api/endpoints/${ep.id}/stream`);
      expect(res.status, method).toBe(405);
      expect(res.headers.get("allow")).toBe("GET");
      if (method !== "HEAD") expect((await res.json()).error.code).toBe("method_not_allowed");
    }
  });
});
