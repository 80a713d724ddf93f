import type { PrismaClient } from "@/lib/db/client";
import { log } from "@/lib/log/logger";
import { clockMs } from "./clock";
import { type HistogramJson, LatencyHistogram } from "./histogram";

/** server: commit -> SSE frame written; browser: commit -> arrival in an open dashboard. */
export type LatencySource = "server" | "browser";

const HOUR_MS = 3_600_000;
const FLUSH_MS = 5000;

type Pending = { endpointId: string; hour: number; source: LatencySource; histogram: LatencyHistogram };

/**
 * Push latencies per endpoint, hour and source, aggregated in memory and merged into PushLatency
 * every few seconds in one transaction: the capture path never waits on a write for them. At most
 * FLUSH_MS of samples are lost if the process dies. One writer per database (the server process),
 * so reading a row and writing it back merged needs no lock.
 */
export class PushLatencyRecorder {
  private pending = new Map<string, Pending>();
  /** Per endpoint, the highest seq whose frame was recorded: each request counts once, at its first write. */
  private lastSeq = new Map<string, number>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private getPrisma: (() => PrismaClient) | null = null;

  record(endpointId: string, source: LatencySource, ms: number, atMs = Date.now()): void {
    const hour = Math.floor(atMs / HOUR_MS);
    const key = `${endpointId} ${hour} ${source}`;
    let p = this.pending.get(key);
    if (!p) this.pending.set(key, (p = { endpointId, hour, source, histogram: new LatencyHistogram() }));
    p.histogram.add(ms);
  }

  /** A live stream wrote a request's SSE frame: the first write of each request is its push latency. */
  frameWritten(endpointId: string, seq: number, committedAtMs: number, nowMs = clockMs()): void {
    if (seq <= (this.lastSeq.get(endpointId) ?? 0)) return;
    this.lastSeq.set(endpointId, seq);
    this.record(endpointId, "server", nowMs - committedAtMs);
  }

  start(getPrisma: () => PrismaClient) {
    this.getPrisma = getPrisma;
    this.timer ??= setInterval(() => void this.flush().catch((err) => log().error({ err }, "push latency flush failed; retrying")), FLUSH_MS);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** What has not reached the database yet, for readers that want the last few seconds too. */
  unflushed(endpointId: string, source: LatencySource, fromHour: number, toHour: number): LatencyHistogram {
    const h = new LatencyHistogram();
    for (const p of this.pending.values()) {
      if (p.endpointId === endpointId && p.source === source && p.hour >= fromHour && p.hour <= toHour) h.merge(p.histogram);
    }
    return h;
  }

  async flush(prisma = this.getPrisma?.()): Promise<void> {
    if (!prisma || this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending.clear();
    try {
      const stored = await prisma.pushLatency.findMany({
        where: { OR: batch.map(({ endpointId, hour, source }) => ({ endpointId, hour, source })) },
      });
      const existing = new Map(stored.map((r) => [`${r.endpointId} ${r.hour} ${r.source}`, r]));
      const live = new Set((await prisma.endpoint.findMany({ where: { id: { in: [...new Set(batch.map((b) => b.endpointId))] } }, select: { id: true } })).map((e) => e.id));
      await prisma.$transaction(
        batch
          .filter((b) => live.has(b.endpointId)) // an endpoint deleted meanwhile takes its samples with it
          .map(({ endpointId, hour, source, histogram }) => {
            const row = existing.get(`${endpointId} ${hour} ${source}`);
            const merged = row ? LatencyHistogram.from({ ...row, buckets: JSON.parse(row.buckets) as HistogramJson }).merge(histogram) : histogram;
            const data = { buckets: JSON.stringify(merged.toJson()), count: merged.count, sumMs: merged.sumMs, maxMs: merged.maxMs };
            return prisma.pushLatency.upsert({
              where: { endpointId_hour_source: { endpointId, hour, source } },
              create: { endpointId, hour, source, ...data },
              update: data,
            });
          }),
      );
    } catch (err) {
      // Keep the samples for the next flush (the database may be locked for a moment).
      for (const b of batch) {
        const key = `${b.endpointId} ${b.hour} ${b.source}`;
        const p = this.pending.get(key);
        if (p) p.histogram.merge(b.histogram);
        else this.pending.set(key, b);
      }
      throw err;
    }
  }
}

const KEY = Symbol.for("webhook-inbox.push-latency");
/** One recorder per process: the stream writes samples from Next's bundle or server.ts alike. */
export function pushLatencyRecorder(): PushLatencyRecorder {
  const g = globalThis as typeof globalThis & { [KEY]?: PushLatencyRecorder };
  g[KEY] ??= new PushLatencyRecorder();
  return g[KEY];
}

/** Percentiles of an endpoint's push latency over [startMs, endMs), whole hours, stored and not yet stored. */
export async function pushLatencyOver(prisma: PrismaClient, endpointId: string, source: LatencySource, startMs: number, endMs: number) {
  const fromHour = Math.floor(startMs / HOUR_MS);
  const toHour = Math.floor((endMs - 1) / HOUR_MS);
  const rows = await prisma.pushLatency.findMany({ where: { endpointId, source, hour: { gte: fromHour, lte: toHour } } });
  const h = pushLatencyRecorder().unflushed(endpointId, source, fromHour, toHour);
  for (const r of rows) h.merge(LatencyHistogram.from({ ...r, buckets: JSON.parse(r.buckets) as HistogramJson }));
  if (h.count === 0) return null;
  return { p50: h.percentile(50)!, p99: h.percentile(99)!, max: h.maxMs, mean: h.sumMs / h.count, samples: h.count };
}
