import { setTimeout as sleep } from "node:timers/promises";
import type { PrismaClient } from "@/lib/db/client";
import { log } from "@/lib/log/logger";

const IN_FLIGHT = ["pending", "delivering", "retrying"];
const FINAL = new Set(["succeeded", "failed", "cancelled"]);
/** How often a wait re-reads a delivery's state in case its change was not heard (another process, a missed call). */
const RECHECK_MS = 1000;

export type RunnerOptions = {
  prisma: PrismaClient;
  /** Wakes the delivery engine: a delivery was made due. */
  kickDeliveries: () => void;
  /** A job changed state (completed), e.g. to tell open dashboards. */
  onJobChanged?: (endpointId: string, jobId: string) => void;
};

/**
 * Runs bulk replays: per running job, one loop that hands its queued deliveries to the delivery
 * engine one at a time, in the requests' original order (seq), each started no sooner than
 * 1/rate after the previous one and only after the previous one was answered (or failed), so a
 * receiver sees them in order. The rate limiter is per job. Everything is in the database: after a
 * restart, start() picks up every running job where it stopped; the delivery that was in flight
 * is sent again only if its answer was never recorded, and nothing answered is sent again.
 */
export class BulkReplayRunner {
  private loops = new Map<string, Promise<void>>();
  private again = new Set<string>();
  private waiters = new Map<string, () => void>();
  private stopped = false;
  private stopWaits = new AbortController();

  constructor(private opts: RunnerOptions) {}

  async start() {
    const jobs = await this.opts.prisma.replayJob.findMany({ where: { state: "running" }, orderBy: { createdAt: "asc" }, select: { id: true } });
    for (const { id } of jobs) this.kick(id);
  }

  /** For shutdown: no more deliveries are started (the engine drains the one in flight). */
  stop() {
    this.stopped = true;
    this.stopWaits.abort();
    for (const wake of this.waiters.values()) wake();
  }

  /** A job was created or resumed: run it unless it already runs. */
  kick(jobId: string) {
    if (this.stopped) return;
    if (this.loops.has(jobId)) {
      this.again.add(jobId);
      return;
    }
    const loop = this.run(jobId)
      .catch((err) => log().error({ err, jobId }, "bulk replay stopped unexpectedly; it resumes on the next start"))
      .finally(() => {
        this.loops.delete(jobId);
        // Resumed while the loop was on its way out: go again (the loop reads the state afresh).
        if (this.again.delete(jobId)) this.kick(jobId);
      });
    this.loops.set(jobId, loop);
  }

  /** The engine recorded an attempt of this delivery. */
  deliveryChanged(deliveryId: string) {
    this.waiters.get(deliveryId)?.();
  }

  /** Resolves when every loop has returned (tests). */
  async idle() {
    while (this.loops.size) await Promise.all(this.loops.values());
  }

  private async run(jobId: string) {
    const { prisma } = this.opts;
    let current = (await prisma.delivery.findFirst({ where: { replayJobId: jobId, state: { in: IN_FLIGHT } }, select: { id: true } }))?.id ?? null;
    let lastStart = -Infinity;
    while (!this.stopped) {
      if (current) await this.settled(current);
      current = null;
      if (this.stopped) return;
      const job = await prisma.replayJob.findUnique({ where: { id: jobId }, select: { state: true, ratePerSecond: true, endpointId: true } });
      if (job?.state !== "running") return;
      const next = await prisma.delivery.findFirst({ where: { replayJobId: jobId, state: "queued" }, orderBy: { request: { seq: "asc" } }, select: { id: true } });
      if (!next) {
        const now = new Date();
        const { count } = await prisma.replayJob.updateMany({ where: { id: jobId, state: "running" }, data: { state: "completed", finishedAt: now, updatedAt: now } });
        if (count) this.opts.onJobChanged?.(job.endpointId, jobId);
        return;
      }
      const wait = lastStart + 1000 / job.ratePerSecond - performance.now();
      if (wait > 0) await this.sleep(wait);
      if (this.stopped) return;
      const now = new Date();
      // Only while the job still runs: a pause or cancel that came during the wait wins.
      const { count } = await prisma.delivery.updateMany({
        where: { id: next.id, state: "queued", replayJob: { is: { state: "running" } } },
        data: { state: "pending", nextAttemptAt: now, updatedAt: now },
      });
      if (!count) continue;
      current = next.id;
      // Spacing is measured between deliveries made due, after the database work for each.
      lastStart = performance.now();
      this.opts.kickDeliveries();
    }
  }

  /** Until the delivery reached a final state (or is gone). */
  private async settled(deliveryId: string) {
    while (!this.stopped) {
      let wake!: () => void;
      const changed = new Promise<void>((resolve) => (wake = resolve));
      this.waiters.set(deliveryId, wake);
      try {
        const d = await this.opts.prisma.delivery.findUnique({ where: { id: deliveryId }, select: { state: true } });
        if (!d || FINAL.has(d.state)) return;
        await Promise.race([changed, this.sleep(RECHECK_MS)]);
      } finally {
        this.waiters.delete(deliveryId);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return sleep(ms, undefined, { signal: this.stopWaits.signal }).catch(() => undefined);
  }
}
