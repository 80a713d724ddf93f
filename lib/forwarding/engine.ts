import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/db/client";
import { retryOnStorageFailure } from "@/lib/db/errors";
import type { Store } from "@/lib/db/store";
import { log } from "@/lib/log/logger";
import { deliveryRequest } from "./delivery-request";
import { classifyResponse, nextDelayMs, type AttemptOutcome } from "./retry-policy";
import type { SendResult, Sender } from "./send";

export type EngineOptions = {
  prisma: PrismaClient;
  /** Claims due deliveries (the one statement that differs by database kind). */
  store: Pick<Store, "claimDeliveries">;
  /** This worker's name on its leases; unique per process (several instances share one queue). */
  owner?: string;
  /** How long a claimed delivery is this worker's; past it, any worker may take it again. */
  leaseMs?: number;
  /**
   * True when no other worker can share the queue (SQLite: one process owns the file). Every lease
   * found at start is then a dead process's, and is taken back at once instead of when it expires.
   */
  soleWorker?: boolean;
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

// Longer than any attempt can take (timeouts are at most 60 s), so a live worker never loses a lease.
const DEFAULT_LEASE_MS = 90_000;

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
  private renewal: ReturnType<typeof setInterval> | undefined;
  private stopped = false;
  private inFlight = new Map<string, Promise<void>>();
  private readonly now: () => Date;

  private readonly owner: string;
  private readonly leaseMs: number;

  constructor(private opts: EngineOptions) {
    this.now = opts.now ?? (() => new Date());
    this.owner = opts.owner ?? randomUUID();
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /**
   * Starts working. Deliveries a crashed worker left "delivering" are taken again once their lease
   * expires (the claim's own rule), so starting never takes live leases from another instance; a
   * sole worker takes them back at once.
   */
  async start(): Promise<void> {
    if (this.opts.soleWorker) {
      await this.opts.prisma.delivery.updateMany({
        where: { state: "delivering" },
        data: { state: "pending", leaseOwner: null, leaseUntil: null, nextAttemptAt: this.now(), updatedAt: this.now() },
      });
    }
    // An attempt may outlast a short lease (FORWARD_LEASE_MS below a rule's timeout): leases of
    // attempts under way are renewed every third of the lease, so no other worker takes them.
    if (!this.opts.now) {
      this.renewal = setInterval(() => void this.renewLeases(), Math.max(250, Math.floor(this.leaseMs / 3)));
      this.renewal.unref();
    }
    this.kick();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.wake);
    if (!this.inFlight.size) clearInterval(this.renewal);
  }

  private async renewLeases() {
    if (!this.inFlight.size) return;
    await this.opts.prisma.delivery
      .updateMany({
        where: { id: { in: [...this.inFlight.keys()] }, state: "delivering", leaseOwner: this.owner },
        data: { leaseUntil: new Date(this.now().getTime() + this.leaseMs) },
      })
      .catch((err) => log().warn({ err, deliveries: this.inFlight.size }, "renewing delivery leases failed; retried shortly"));
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
    clearInterval(this.renewal);
    const left = [...this.inFlight.keys()];
    if (left.length) {
      await this.opts.prisma.delivery
        .updateMany({
          where: { id: { in: left }, state: "delivering", leaseOwner: this.owner },
          data: { state: "pending", leaseOwner: null, leaseUntil: null, nextAttemptAt: this.now(), updatedAt: this.now() },
        })
        // Still "delivering" then: taken again by any worker once the lease expires.
        .catch((err) => log().error({ err, deliveries: left.length }, "handing deliveries back failed; they are taken again when their leases expire"));
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
        const now = this.now();
        const claimed = await this.opts.store.claimDeliveries({
          now, leaseUntil: new Date(now.getTime() + this.leaseMs), owner: this.owner, limit: this.opts.concurrency - this.running,
        });
        if (!claimed.length) break;
        // Its own attempt whose lease lapsed before renewal could run (a stalled event loop) is
        // claimed again by this worker: the claim renewed it; it is not sent twice.
        for (const id of claimed) if (!this.inFlight.has(id)) this.launch(id);
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
    const [next, lease] = await Promise.all([
      this.opts.prisma.delivery.findFirst({
        where: { state: { in: ["pending", "retrying"] }, OR: [{ ruleId: null }, { rule: { pausedAt: null, enabled: true } }] },
        orderBy: { nextAttemptAt: "asc" },
        select: { nextAttemptAt: true },
      }),
      // Another worker's lease that may lapse (its instance died): take the delivery then.
      this.opts.prisma.delivery.findFirst({ where: { state: "delivering" }, orderBy: { leaseUntil: "asc" }, select: { leaseUntil: true } }),
    ]);
    clearTimeout(this.wake);
    const at = [next?.nextAttemptAt, lease?.leaseUntil].filter((d): d is Date => d instanceof Date).map((d) => d.getTime());
    if (!at.length) return;
    const delay = Math.min(Math.max(Math.min(...at) - Date.now(), 0), 60_000);
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
      // Only while the lease is still ours: a worker that outlived its lease (stalled past it) must
      // not overwrite what the worker that took over recorded. The attempt itself is kept either way.
      prisma.delivery.updateMany({
        where: { id, leaseOwner: this.owner },
        data: { state, attemptCount: attempts, nextAttemptAt, lastError: error, leaseOwner: null, leaseUntil: null, updatedAt: this.now() },
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
