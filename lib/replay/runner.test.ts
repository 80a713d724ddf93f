import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DeliveryEngine } from "@/lib/forwarding/engine";
import type { SendRequest, SendResult } from "@/lib/forwarding/send";
import { migratedDb } from "@/tests/helpers/temp-db";
import { BulkReplayRunner } from "./runner";
import { sqliteStore } from "@/lib/db/store/sqlite";

/** The runner with the real delivery engine on a migrated database; only the network is faked. */
let db: ReturnType<typeof migratedDb>;
let endpointId: string;
const stoppers: (() => void)[] = [];

beforeEach(async () => {
  db = migratedDb();
  const user = await db.prisma.user.create({ data: { email: "r@example.com" } });
  endpointId = (await db.prisma.endpoint.create({ data: { userId: user.id, slug: "r".repeat(24) } })).id;
});
afterEach(async () => {
  stoppers.splice(0).forEach((stop) => stop());
  await db.cleanup();
});

const answer = (status: number): SendResult => ({ status, headers: [], body: Buffer.from("ok"), durationMs: 1, error: null, retryAfter: null });

/** A job of `n` requests; the requests' seqs run opposite to their creation order, so seq order is tested, not insertion order. */
let seqBase = 0;
async function job(n: number, ratePerSecond: number) {
  const now = new Date();
  const base = seqBase;
  seqBase += n;
  const id = `job${n}-${ratePerSecond}`;
  await db.prisma.replayJob.create({ data: { id, endpointId, state: "running", targetUrl: "https://t.example/", ratePerSecond, total: n, createdAt: now, updatedAt: now } });
  for (let i = n; i >= 1; i--) {
    await db.prisma.capturedRequest.create({
      data: { id: `${id}-req${i}`, endpointId, seq: base + i, method: "POST", path: "/", query: "", headers: "[]", body: new Uint8Array([i]), size: 1, ip: "::1", receivedAt: now },
    });
    await db.prisma.delivery.create({
      data: {
        id: `${id}-del${i}`, requestId: `${id}-req${i}`, kind: "replay", state: "queued", targetUrl: `https://t.example/${id}/${i}`, headers: "[]",
        replayJobId: id, createdAt: now, updatedAt: now,
      },
    });
  }
  return id;
}

/** Engine and runner wired as server.ts wires them. */
function start(reply: (req: SendRequest) => Promise<SendResult> | SendResult = () => answer(200)) {
  const sent: { url: string; at: number }[] = [];
  const released: number[] = [];
  let runner!: BulkReplayRunner;
  const engine = new DeliveryEngine({
    prisma: db.prisma,
    store: sqliteStore(db.prisma),
    soleWorker: true,
    send: async (req) => {
      sent.push({ url: req.url, at: performance.now() });
      return reply(req);
    },
    concurrency: 8,
    pauseAfterFailures: 100,
    onDeliveryChanged: (_e, id) => runner.deliveryChanged(id),
  });
  const kickDeliveries = () => {
    released.push(performance.now());
    engine.kick();
  };
  runner = new BulkReplayRunner({ prisma: db.prisma, kickDeliveries });
  stoppers.push(() => engine.stop(), () => runner.stop());
  return { engine, runner, sent, released };
}

const jobState = async (id: string) => (await db.prisma.replayJob.findUniqueOrThrow({ where: { id } })).state;
const states = async (id: string) => (await db.prisma.delivery.findMany({ where: { replayJobId: id }, orderBy: { request: { seq: "asc" } } })).map((d) => d.state);
const urls = (jobId: string, n: number) => Array.from({ length: n }, (_, i) => `https://t.example/${jobId}/${i + 1}`);

describe("BulkReplayRunner", () => {
  it("sends the job's requests once each, in seq order, one after another, then completes", async () => {
    const id = await job(12, 1000);
    let active = 0;
    let peak = 0;
    const { engine, runner, sent } = start(async () => {
      peak = Math.max(peak, ++active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
      return answer(200);
    });
    await engine.start();
    await runner.start();
    await runner.idle();
    expect(sent.map((s) => s.url)).toEqual(urls(id, 12));
    expect(peak).toBe(1);
    expect(await jobState(id)).toBe("completed");
    expect(await states(id)).toEqual(Array(12).fill("succeeded"));
  });

  it("keeps to the job's rate", async () => {
    await job(6, 20);
    const { engine, runner, sent, released } = start();
    await engine.start();
    await runner.start();
    await runner.idle();
    // 20/s = one release every 50 ms (a timer may fire up to a millisecond early) ...
    expect(released).toHaveLength(6);
    for (let i = 1; i < released.length; i++) expect(released[i] - released[i - 1]).toBeGreaterThanOrEqual(49);
    // ... and as sent (each send lags its release by a little database work).
    const span = sent.at(-1)!.at - sent[0].at;
    expect(span).toBeGreaterThanOrEqual(5 * 50 - 20);
    expect(span).toBeLessThan(5 * 50 + 2000); // not held back otherwise (generous: other processes share the cores)
  });

  it("records every outcome, failures included, and goes on after them", async () => {
    const id = await job(4, 1000);
    const { engine, runner } = start((req) => answer(req.url.endsWith("/2") ? 500 : 200));
    await engine.start();
    await runner.start();
    await runner.idle();
    expect(await states(id)).toEqual(["succeeded", "failed", "succeeded", "succeeded"]);
  });

  it("pauses after the delivery under way, resumes in order, and cancel cancels what is left", async () => {
    const id = await job(10, 1000);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { engine, runner, sent } = start(async (req) => {
      if (req.url.endsWith("/3")) await gate;
      return answer(200);
    });
    await engine.start();
    await runner.start();
    while (sent.length < 3) await new Promise((r) => setTimeout(r, 5));
    await db.prisma.replayJob.update({ where: { id }, data: { state: "paused" } });
    release();
    await runner.idle();
    expect(sent.map((s) => s.url)).toEqual(urls(id, 3));
    expect(await states(id)).toEqual([...Array(3).fill("succeeded"), ...Array(7).fill("queued")]);

    await db.prisma.replayJob.update({ where: { id }, data: { state: "running" } });
    runner.kick(id);
    while (sent.length < 5) await new Promise((r) => setTimeout(r, 1));
    await db.prisma.replayJob.update({ where: { id }, data: { state: "cancelled" } });
    await runner.idle();
    const done = sent.length;
    expect(sent.map((s) => s.url)).toEqual(urls(id, done));
    expect(done).toBeLessThan(10);
    expect((await states(id)).slice(done)).toEqual(Array(10 - done).fill("queued")); // the API cancels these rows
  });

  it("after a restart, waits for the delivery that was in flight and goes on without resending answered ones", async () => {
    const id = await job(8, 1000);
    // As a crash leaves it: three answered, the fourth claimed by the engine but not answered.
    for (const i of [1, 2, 3]) await db.prisma.delivery.update({ where: { id: `${id}-del${i}` }, data: { state: "succeeded", attemptCount: 1 } });
    await db.prisma.delivery.update({ where: { id: `${id}-del4` }, data: { state: "delivering" } });
    const { engine, runner, sent } = start();
    await engine.start();
    await runner.start();
    await runner.idle();
    expect(sent.map((s) => s.url)).toEqual(urls(id, 8).slice(3));
    expect(await jobState(id)).toBe("completed");
  });

  it("runs two jobs side by side, each at its own rate", async () => {
    const slow = await job(3, 1);
    const fast = await job(6, 1000);
    const { engine, runner, sent } = start();
    await engine.start();
    await runner.start();
    await runner.idle();
    const of = (jobId: string) => sent.filter((s) => s.url.includes(`/${jobId}/`));
    expect(of(slow).map((s) => s.url)).toEqual(urls(slow, 3));
    expect(of(fast).map((s) => s.url)).toEqual(urls(fast, 6));
    // The fast job is not held back by the slow one's 1 s spacing.
    expect(of(fast).at(-1)!.at).toBeLessThan(of(slow)[1].at);
    expect([await jobState(slow), await jobState(fast)]).toEqual(["completed", "completed"]);
  });
});
