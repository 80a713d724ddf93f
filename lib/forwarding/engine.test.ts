import { sqliteStore } from "@/lib/db/store/sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migratedDb } from "@/tests/helpers/temp-db";
import { DeliveryEngine } from "./engine";
import { DEFAULT_SCHEDULE_MS } from "./retry-policy";
import type { SendRequest, SendResult } from "./send";

let db: ReturnType<typeof migratedDb>;
let clock: number;
let ruleId: string;
let endpointId: string;
const T0 = Date.parse("2026-11-22T12:00:00.000Z");

beforeEach(async () => {
  db = migratedDb();
  clock = T0;
  const user = await db.prisma.user.create({ data: { email: "e@example.com" } });
  endpointId = (await db.prisma.endpoint.create({ data: { userId: user.id, slug: "e".repeat(24) } })).id;
  ruleId = (await db.prisma.forwardRule.create({ data: { endpointId, name: "r", targetUrl: "https://target.example/in{path}" } })).id;
});
const engines: DeliveryEngine[] = [];
afterEach(async () => {
  engines.splice(0).forEach((e) => e.stop());
  await db.cleanup();
});

let seq = 0;
async function enqueue(state = "pending") {
  seq++;
  const req = await db.prisma.capturedRequest.create({
    data: {
      id: `req${seq}`, endpointId, seq, method: "POST", path: "/p", query: "", headers: '[["Host","inbox"],["X-A","1"]]',
      body: new Uint8Array([1, 2, 3]), size: 3, ip: "203.0.113.7", receivedAt: new Date(clock),
    },
  });
  return db.prisma.delivery.create({
    data: { id: `del${seq}`, requestId: req.id, ruleId, state, nextAttemptAt: new Date(clock), createdAt: new Date(clock), updatedAt: new Date(clock) },
  });
}

const answer = (status: number | null, extra: Partial<SendResult> = {}): SendResult => ({
  status, headers: [], body: Buffer.from("ok"), durationMs: 1, error: status === null ? "connection refused" : null, retryAfter: null, ...extra,
});

function engine(reply: (req: SendRequest) => SendResult | Promise<SendResult>, opts: { pauseAfterFailures?: number; concurrency?: number; soleWorker?: boolean; owner?: string } = {}) {
  const sent: { at: number; req: SendRequest }[] = [];
  const events: string[] = [];
  const e = new DeliveryEngine({
    onDeliveryChanged: (endpoint, id) => events.push(`delivery ${endpoint === endpointId ? "ep" : endpoint} ${id}`),
    onRulePaused: (endpoint, rule) => events.push(`paused ${endpoint === endpointId ? "ep" : endpoint} ${rule === ruleId ? "rule" : rule}`),
    prisma: db.prisma,
    store: sqliteStore(db.prisma),
    send: async (req) => { sent.push({ at: clock, req }); return reply(req); },
    concurrency: opts.concurrency ?? 4,
    pauseAfterFailures: opts.pauseAfterFailures ?? 100,
    soleWorker: opts.soleWorker,
    owner: opts.owner,
    leaseMs: 90_000,
    now: () => new Date(clock),
    random: () => 0.5, // no jitter: offsets are exact
  });
  engines.push(e);
  return { e, sent, events };
}

const state = async (id: string) => db.prisma.delivery.findUniqueOrThrow({ where: { id }, include: { attempts: { orderBy: { startedAt: "asc" } } } });

describe("DeliveryEngine", () => {
  it("retries on the default schedule, at exactly the scheduled offsets, then gives up", async () => {
    const d = await enqueue();
    const { e, sent } = engine(() => answer(500));
    await e.start();
    await e.runDue();
    for (const [i, delay] of DEFAULT_SCHEDULE_MS.entries()) {
      if (i === 0) continue;
      clock += delay - 1;
      await e.runDue();
      expect(sent.length).toBe(i); // not yet due
      clock += 1;
      await e.runDue();
    }
    let elapsed = 0;
    const offsets = DEFAULT_SCHEDULE_MS.map((ms) => (elapsed += ms));
    expect(sent.map((s) => s.at - T0)).toEqual(offsets);
    const final = await state(d.id);
    expect(final.state).toBe("failed");
    expect(final.attemptCount).toBe(8);
    expect(final.attempts.map((a) => a.status)).toEqual(Array(8).fill(500));
    clock += 100 * 3600_000;
    await e.runDue();
    expect(sent).toHaveLength(8);
  });

  it("sends the original method, exact body, forwarded headers and the idempotency key", async () => {
    const d = await enqueue();
    const { e, sent } = engine(() => answer(200));
    await e.start();
    await e.runDue();
    const req = sent[0].req;
    expect(req.url).toBe("https://target.example/in/p");
    expect(req.method).toBe("POST");
    expect(Buffer.from(req.body)).toEqual(Buffer.from([1, 2, 3]));
    expect(req.headers).toContainEqual(["X-A", "1"]);
    expect(req.headers).toContainEqual(["Idempotency-Key", d.requestId]);
    expect(req.headers.find(([n]) => n.toLowerCase() === "x-forwarded-for")?.[1]).toBe("203.0.113.7");
    expect(req.headers.some(([n]) => n.toLowerCase() === "host")).toBe(false);
  });

  it("stops at 410 and marks the delivery failed", async () => {
    const d = await enqueue();
    const { e, sent } = engine(() => answer(410));
    await e.start();
    await e.runDue();
    clock += 3600_000;
    await e.runDue();
    expect(sent).toHaveLength(1);
    expect((await state(d.id)).state).toBe("failed");
  });

  it("honours Retry-After on 429 and 503 instead of the schedule", async () => {
    const d = await enqueue();
    let n = 0;
    const { e, sent } = engine(() => (n++ === 0 ? answer(429, { retryAfter: "120" }) : n === 2 ? answer(503, { retryAfter: "7" }) : answer(200)));
    await e.start();
    await e.runDue();
    expect((await state(d.id)).nextAttemptAt?.getTime()).toBe(T0 + 120_000);
    clock += 119_999;
    await e.runDue();
    expect(sent).toHaveLength(1);
    clock += 1;
    await e.runDue();
    clock += 7_000;
    await e.runDue();
    expect(sent.map((s) => s.at - T0)).toEqual([0, 120_000, 127_000]);
    expect((await state(d.id)).state).toBe("succeeded");
  });

  it("treats a redirect as a failure (not followed) and records network errors", async () => {
    const a = await enqueue();
    const { e } = engine(() => answer(302, { error: "redirect not followed (Location: /x)" }));
    await e.start();
    await e.runDue();
    const s = await state(a.id);
    expect(s.state).toBe("retrying");
    expect(s.attempts[0].error).toBe("redirect not followed (Location: /x)");
  });

  it("keeps retrying through an outage without pausing: attempts are not deliveries", async () => {
    for (let i = 0; i < 5; i++) await enqueue();
    const { e } = engine(() => answer(null), { pauseAfterFailures: 3 });
    await e.start();
    await e.runDue();
    const rule = await db.prisma.forwardRule.findUniqueOrThrow({ where: { id: ruleId } });
    expect(rule.pausedAt).toBeNull();
    expect(rule.consecutiveFailures).toBe(0);
  });

  it("pauses a rule after N deliveries failed in a row and delivers nothing more for it until resumed", async () => {
    await db.prisma.forwardRule.update({ where: { id: ruleId }, data: { retry: '{"count":0,"backoff":"fixed","baseMs":100,"capMs":1000}' } });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await enqueue()).id);
    const { e, sent, events } = engine(() => answer(null), { pauseAfterFailures: 3, concurrency: 1 });
    await e.start();
    await e.runDue();
    const rule = await db.prisma.forwardRule.findUniqueOrThrow({ where: { id: ruleId } });
    expect(rule.pausedAt).not.toBeNull();
    // Each recorded attempt is announced, and the pause once, after the third failure.
    expect(events).toEqual([...ids.slice(0, 3).map((id) => `delivery ep ${id}`), "paused ep rule"]);
    expect(rule.pausedReason).toMatch(/^Paused after 3 deliveries failed in a row; last: connection refused/);
    expect(sent).toHaveLength(3);
    clock += 86_400_000;
    await e.runDue();
    expect(sent).toHaveLength(3);
  });

  it("resets a rule's failure count on success", async () => {
    await db.prisma.forwardRule.update({ where: { id: ruleId }, data: { retry: '{"count":0,"backoff":"fixed","baseMs":100,"capMs":1000}' } });
    let n = 0;
    const { e } = engine(() => (n++ === 0 ? answer(500) : answer(200)));
    await e.start();
    await enqueue();
    await e.runDue();
    expect((await db.prisma.forwardRule.findUniqueOrThrow({ where: { id: ruleId } })).consecutiveFailures).toBe(1);
    await enqueue();
    await e.runDue();
    expect((await db.prisma.forwardRule.findUniqueOrThrow({ where: { id: ruleId } })).consecutiveFailures).toBe(0);
  });

  it("as the sole worker (SQLite), takes back at start what a crash left in flight", async () => {
    const d = await enqueue("delivering");
    await db.prisma.delivery.update({ where: { id: d.id }, data: { leaseOwner: "dead", leaseUntil: new Date(clock + 90_000) } });
    const { e, sent } = engine(() => answer(200), { soleWorker: true });
    await e.start();
    await e.runDue();
    expect(sent).toHaveLength(1);
    expect(await state(d.id)).toMatchObject({ state: "succeeded", leaseOwner: null, leaseUntil: null });
  });

  it("sharing the queue, leaves another worker's live lease alone and takes the delivery once the lease expires", async () => {
    const d = await enqueue("delivering");
    await db.prisma.delivery.update({ where: { id: d.id }, data: { leaseOwner: "other", leaseUntil: new Date(clock + 90_000) } });
    const { e, sent } = engine(() => answer(200), { owner: "me" });
    await e.start();
    await e.runDue();
    expect(sent).toHaveLength(0);
    clock += 90_001;
    await e.runDue();
    expect(sent).toHaveLength(1);
    expect(await state(d.id)).toMatchObject({ state: "succeeded", attemptCount: 1, leaseOwner: null });
  });

  it("records an attempt's outcome only while it still holds the lease (a stalled worker cannot overwrite its successor)", async () => {
    const d = await enqueue();
    let release!: () => void;
    const { e } = engine(() => new Promise<SendResult>((r) => (release = () => r(answer(500)))), { owner: "slow" });
    await e.start();
    const running = e.runDue();
    await new Promise((r) => setTimeout(r, 20));
    expect(await state(d.id)).toMatchObject({ state: "delivering", leaseOwner: "slow" });
    // Its lease lapsed and another worker took the delivery and succeeded.
    await db.prisma.delivery.update({ where: { id: d.id }, data: { state: "succeeded", leaseOwner: null, leaseUntil: null } });
    release();
    await running;
    const after = await state(d.id);
    expect(after.state).toBe("succeeded");
    expect(after.attempts).toHaveLength(1); // its attempt is still on record
  });

  it("runs at most `concurrency` sends at once", async () => {
    for (let i = 0; i < 6; i++) await enqueue();
    let active = 0;
    let peak = 0;
    const { e, sent } = engine(async () => {
      peak = Math.max(peak, ++active);
      await new Promise((r) => setTimeout(r, 20));
      active--;
      return answer(200);
    }, { concurrency: 2 });
    await e.start();
    await e.runDue();
    expect(sent).toHaveLength(6);
    expect(peak).toBe(2);
  });

  it("on drain, lets attempts under way finish and hands back the ones still running after the timeout", async () => {
    const fast = await enqueue();
    const slow = await enqueue();
    const outcomes: string[] = [];
    const sent: string[] = [];
    const e = new DeliveryEngine({
      prisma: db.prisma,
      store: sqliteStore(db.prisma),
      send: async (req) => {
        sent.push(req.url);
        const isSlow = req.headers.some(([n, v]) => n === "Idempotency-Key" && v === slow.requestId);
        await new Promise((r) => setTimeout(r, isSlow ? 5_000 : 50));
        return answer(200);
      },
      concurrency: 4,
      pauseAfterFailures: 100,
      now: () => new Date(clock),
      onAttempt: (outcome) => outcomes.push(outcome),
    });
    engines.push(e);
    await e.start();
    while (sent.length < 2) await new Promise((r) => setTimeout(r, 5));

    expect(await e.drain(1_000)).toEqual({ finished: 1, requeued: 1 });
    expect((await state(fast.id)).state).toBe("succeeded");
    const handedBack = await state(slow.id);
    expect(handedBack.state).toBe("pending");
    expect(handedBack.attempts).toHaveLength(0);
    expect(outcomes).toEqual(["success"]);
    // Drained means stopped: nothing new is claimed.
    await enqueue();
    e.kick();
    await new Promise((r) => setTimeout(r, 50));
    expect(sent).toHaveLength(2);
  });

  it("reports each attempt's outcome for metrics", async () => {
    for (let i = 0; i < 4; i++) await enqueue();
    const replies = [answer(200), answer(503), answer(null), answer(null, { error: "blocked: 10.0.0.1 is private" })];
    const outcomes: string[] = [];
    let n = 0;
    const e = new DeliveryEngine({
      prisma: db.prisma,
      store: sqliteStore(db.prisma),
      send: async () => replies[n++],
      concurrency: 1,
      pauseAfterFailures: 100,
      now: () => new Date(clock),
      onAttempt: (outcome, ms) => outcomes.push(`${outcome}:${ms}`),
    });
    engines.push(e);
    await e.start();
    await e.runDue();
    expect(outcomes).toEqual(["success:1", "http_error:1", "network_error:1", "blocked:1"]);
  });

  describe("a delivery without a rule (a replay)", () => {
    async function replay(data: { headers: [string, string][]; method?: string; body?: Uint8Array<ArrayBuffer>; targetUrl?: string }) {
      const d = await enqueue();
      return db.prisma.delivery.update({
        where: { id: d.id },
        data: {
          ruleId: null, kind: "replay", targetUrl: data.targetUrl ?? "https://elsewhere.example/x?y=1", headers: JSON.stringify(data.headers),
          method: data.method ?? null, body: data.body ?? null, timeoutMs: 2500,
        },
      });
    }

    it("sends exactly what it carries: URL, method, header list and edited body", async () => {
      const d = await replay({ headers: [["X-B", "2"], ["X-B", "3"]], method: "PUT", body: new Uint8Array([9, 8]) });
      const { e, sent } = engine(() => answer(200));
      await e.start();
      await e.runDue();
      expect(sent.map((s) => s.req)).toEqual([
        { url: "https://elsewhere.example/x?y=1", method: "PUT", headers: [["X-B", "2"], ["X-B", "3"]], body: new Uint8Array([9, 8]), timeoutMs: 2500 },
      ]);
      expect((await state(d.id)).attempts[0].target).toBe("https://elsewhere.example/x?y=1");
    });

    it("sends the captured method and bytes when they were not edited", async () => {
      await replay({ headers: [] });
      const { e, sent } = engine(() => answer(200));
      await e.start();
      await e.runDue();
      expect(sent[0].req.method).toBe("POST");
      expect(Buffer.from(sent[0].req.body)).toEqual(Buffer.from([1, 2, 3]));
    });

    it("is attempted once, not retried, and counts nothing against any rule", async () => {
      const d = await replay({ headers: [] });
      const { e, sent } = engine(() => answer(503, { retryAfter: "1" }), { pauseAfterFailures: 1 });
      await e.start();
      await e.runDue();
      clock += 3600_000;
      await e.runDue();
      expect(sent).toHaveLength(1);
      expect((await state(d.id)).state).toBe("failed");
      expect((await db.prisma.forwardRule.findUniqueOrThrow({ where: { id: ruleId } })).consecutiveFailures).toBe(0);
    });

    it("is sent while the endpoint's rules are paused or off", async () => {
      await db.prisma.forwardRule.update({ where: { id: ruleId }, data: { pausedAt: new Date(clock), enabled: false } });
      const d = await replay({ headers: [] });
      const changed: string[] = [];
      const e = new DeliveryEngine({
        prisma: db.prisma,
        store: sqliteStore(db.prisma), send: async () => answer(200), concurrency: 1, pauseAfterFailures: 100, now: () => new Date(clock),
        onDeliveryChanged: (endpoint, id) => changed.push(`${endpoint === endpointId}:${id}`),
      });
      engines.push(e);
      await e.start();
      await e.runDue();
      expect((await state(d.id)).state).toBe("succeeded");
      expect(changed).toEqual([`true:${d.id}`]);
    });
  });
});
