import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/db/client";
import { sqliteDateTime as iso } from "@/lib/db/datetime";
import { retryOnStorageFailure } from "@/lib/db/errors";
import { log } from "@/lib/log/logger";
import { deliveryRequest } from "./delivery-request";
import { classifyResponse, nextDelayMs, type AttemptOutcome } from "./retry-policy";
import type { SendResult, Sender } from "./send";

export type EngineOptions = {
  prisma: PrismaClient;
  send: Sender;
  concurrency: number;
  pauseAfterFailures: number;
  now?: () => Date;
  random?: () => number;
  /** Called when a rule is paused, e.g. to drop cached rules and tell open dashboards. */
  onRulePaused?: (endpointId: string, ruleId: string) => void;
  /** Called after each attempt is recorded (metrics). */
  onAttempt?: (outcome: AttemptMetric, durationMs: number) => void;
  /** Called after each attempt is recorded, with the delivery's new state in the database (bulk replays wait on it). */
  onDeliveryChanged?: (endpointId: string, deliveryId: string) => void;
};

/** An attempt as metrics count it: a 2xx, another HTTP answer, no answer, or refused by the SSRF guard. */
export type AttemptMetric = "success" | "http_error" | "network_error" | "blocked";

// Claims due deliveries atomically: a row moves to "delivering" in the same statement that picks
// it, so two passes can never send the same delivery. (PostgreSQL would use FOR UPDATE SKIP LOCKED.)
// Oldest first: by due time, then arrival (createdAt is the capture time; ids are UUIDv7, time-ordered),
// so deliveries released together (a resumed rule's held ones) start in the order they came in.
// A delivery without a rule (a replay) is sent whatever the state of the rules.
// RETURNING does not keep the subquery's order, so the caller sorts by the same keys.
// (With the requeue in start(), the engine's only SQL; the per-database store of issue 15 takes both.)
const CLAIM_SQL = `UPDATE "Delivery" SET "state" = 'delivering', "updatedAt" = ?
  WHERE "id" IN (
    SELECT d."id" FROM "Delivery" d LEFT JOIN "ForwardRule" r ON r."id" = d."ruleId"
    WHERE d."state" IN ('pending', 'retrying') AND d."nextAttemptAt" <= ?
      AND (d."ruleId" IS NULL OR (r."pausedAt" IS NULL AND r."enabled" = 1))
    ORDER BY d."nextAttemptAt", d."createdAt", d."id" LIMIT ?)
  RETURNING "id", "nextAttemptAt" AS "due", "createdAt"`;
type Claimed = { id: string; due: string; createdAt: string };
const claimOrder = (a: Claimed, b: Claimed) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1);

/**
 * The delivery worker: the Delivery table is the queue (outbox). Survives restarts: what was in
 * flight when the process died is attempted again (at-least-once; receivers dedupe with the
 * Idempotency-Key header, which is the captured request's id).
 */
export class DeliveryEngine {
  private running = 0;
  private pumping = false;
  private again = false;
  private wake: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private inFlight = new Map<string, Promise<void>>();
  private readonly now: () => Date;

  constructor(private opts: EngineOptions) {
    this.now = opts.now ?? (() => new Date());
  }

  /** Requeues what a crash left "delivering", then starts working. */
  async start(): Promise<void> {
    await this.opts.prisma.$executeRawUnsafe(
      `UPDATE "Delivery" SET "state" = 'pending', "nextAttemptAt" = ?, "updatedAt" = ? WHERE "state" = 'delivering'`,
      iso(this.now()), iso(this.now()),
    );
    this.kick();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.wake);
  }

  /**
   * For shutdown: stops claiming, lets the attempts under way finish for up to `timeoutMs`, then
   * hands the ones still running back to the queue (they are sent again, by this process after a
   * restart or by another one; receivers dedupe on Idempotency-Key).
   */
  async drain(timeoutMs: number): Promise<{ finished: number; requeued: number }> {
    this.stop();
    const running = this.inFlight.size;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all(this.inFlight.values()),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
    const left = [...this.inFlight.keys()];
    if (left.length) {
      await this.opts.prisma.delivery
        .updateMany({ where: { id: { in: left }, state: "delivering" }, data: { state: "pending", nextAttemptAt: this.now(), updatedAt: this.now() } })
        // Still "delivering" then, which the next start() requeues: nothing is lost either way.
        .catch((err) => log().error({ err, deliveries: left.length }, "handing deliveries back failed; the next start requeues them"));
    }
    return { finished: running - left.length, requeued: left.length };
  }

  /** Something may be due now (a new capture, a manual retry). */
  kick() {
    if (!this.stopped) setImmediate(() => void this.pumpSafely());
  }

  // A pass that fails (the database locked by another process, a full disk) must not become an
  // unhandled rejection that ends the process: log it and try again shortly.
  private async pumpSafely() {
    try {
      await this.pump();
    } catch (err) {
      log().error({ reason: (err as Error).message }, "delivery pass failed; retrying in 1 s");
      clearTimeout(this.wake);
      this.wake = setTimeout(() => this.kick(), 1000);
      this.wake.unref();
    }
  }

  /** Claims and sends everything due at `now()` until nothing is left, waiting for the sends (tests). */
  async runDue(): Promise<void> {
    for (;;) {
      await this.pump();
      if (!this.inFlight.size) return;
      while (this.inFlight.size) await Promise.all(this.inFlight.values());
    }
  }

  private async pump(): Promise<void> {
    if (this.stopped) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    try {
      while (this.running < this.opts.concurrency) {
        const now = iso(this.now());
        const claimed = await this.opts.prisma.$queryRawUnsafe<Claimed[]>(CLAIM_SQL, now, now, this.opts.concurrency - this.running);
        if (!claimed.length) break;
        for (const { id } of claimed.sort(claimOrder)) this.launch(id);
      }
      await this.scheduleWake();
    } finally {
      this.pumping = false;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    }
  }

  private launch(id: string) {
    this.running++;
    const p: Promise<void> = this.deliver(id)
      .catch((err) => log().error({ err, deliveryId: id }, "delivery failed unexpectedly"))
      .finally(() => {
        this.running--;
        this.inFlight.delete(id);
        this.kick();
      });
    this.inFlight.set(id, p);
  }

  private async scheduleWake() {
    if (this.stopped || this.opts.now) return; // a fake clock means the test drives the engine
    const next = await this.opts.prisma.delivery.findFirst({
      where: { state: { in: ["pending", "retrying"] }, OR: [{ ruleId: null }, { rule: { pausedAt: null, enabled: true } }] },
      orderBy: { nextAttemptAt: "asc" },
      select: { nextAttemptAt: true },
    });
    clearTimeout(this.wake);
    if (!next?.nextAttemptAt) return;
    const delay = Math.min(Math.max(next.nextAttemptAt.getTime() - Date.now(), 0), 60_000);
    this.wake = setTimeout(() => this.kick(), delay);
    this.wake.unref();
  }

  private async deliver(id: string) {
    const { prisma } = this.opts;
    const d = await prisma.delivery.findUnique({ where: { id }, include: { request: true, rule: true } });
    if (!d) return;
    const { request, rule } = d;
    const { policy, ...outgoing } = deliveryRequest(d, request, rule);
    const startedAt = this.now();
    const result = await this.opts.send(outgoing);
    const attempts = d.attemptCount + 1;
    const outcome: AttemptOutcome = result.error?.startsWith("blocked:")
      ? { kind: "stop", reason: result.error } // the address will not become allowed by waiting
      : classifyResponse(result.status, result.retryAfter, this.now());
    const error = outcome.kind === "success" ? null : (result.error ?? (outcome.kind === "stop" ? outcome.reason : `HTTP ${result.status}`));

    let state: string;
    let nextAttemptAt: Date | null = null;
    if (outcome.kind === "success") state = "succeeded";
    else if (outcome.kind === "stop") state = "failed";
    else {
      const scheduled = nextDelayMs(attempts, policy, this.opts.random);
      if (scheduled === null) state = "failed";
      else {
        state = "retrying";
        nextAttemptAt = new Date(this.now().getTime() + (outcome.afterMs ?? scheduled));
      }
    }
    // The attempt has happened: recording it must outlast a locked database or a full disk for a
    // while (async waits up to ~2 min in all), or the delivery would sit in "delivering" until a restart.
    await retryOnStorageFailure(() => prisma.$transaction([
      prisma.deliveryAttempt.create({
        data: {
          id: randomUUID(),
          deliveryId: id,
          startedAt,
          target: outgoing.url,
          status: result.status,
          responseHeaders: result.status === null ? null : JSON.stringify(result.headers),
          responseBody: result.status === null ? null : new Uint8Array(result.body),
          durationMs: result.durationMs,
          error,
        },
      }),
      prisma.delivery.update({
        where: { id },
        data: { state, attemptCount: attempts, nextAttemptAt, lastError: error, updatedAt: this.now() },
      }),
    ]), { kinds: ["busy", "full"], firstWaitMs: 1000, maxWaitMs: 64_000 });
    this.opts.onAttempt?.(attemptMetric(result), result.durationMs);
    this.opts.onDeliveryChanged?.(request.endpointId, id);
    if (rule && (state === "failed" || rule.consecutiveFailures > 0)) await this.countOutcome(rule.id, request.endpointId, state, error);
  }

  /**
   * A rule is paused after N deliveries in a row that finally failed (retries exhausted, 410,
   * blocked): counting attempts instead would pause a rule within a second of any outage under
   * load, and the retries exist precisely to ride those out. Increments are atomic because
   * deliveries of one rule finish concurrently.
   */
  private async countOutcome(ruleId: string, endpointId: string, state: string, error: string | null) {
    const { prisma } = this.opts;
    if (state === "succeeded") {
      await prisma.forwardRule.updateMany({ where: { id: ruleId, consecutiveFailures: { gt: 0 } }, data: { consecutiveFailures: 0 } });
      return;
    }
    if (state !== "failed") return;
    const rule = await prisma.forwardRule.update({ where: { id: ruleId }, data: { consecutiveFailures: { increment: 1 } } });
    if (rule.consecutiveFailures < this.opts.pauseAfterFailures || rule.pausedAt) return;
    const { count } = await prisma.forwardRule.updateMany({
      where: { id: ruleId, pausedAt: null },
      data: { pausedAt: this.now(), pausedReason: `Paused after ${rule.consecutiveFailures} deliveries failed in a row; last: ${error}` },
    });
    if (count) this.opts.onRulePaused?.(endpointId, ruleId);
  }
}

function attemptMetric(result: SendResult): AttemptMetric {
  if (result.status === null) return result.error?.startsWith("blocked:") ? "blocked" : "network_error";
  return result.status >= 200 && result.status < 300 ? "success" : "http_error";
}
