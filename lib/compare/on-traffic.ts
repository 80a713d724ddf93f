import { z } from "zod";
import { publicSummary } from "@/lib/api/v1/summary";
import { getPrisma } from "@/lib/db/client";
import type { EndpointRecord } from "@/lib/endpoints/queries";
import { pushLatencyOver } from "@/lib/latency/recorder";
import { apiAnswerSizes } from "./answer-sizes";
import { type CapturedEvent, compareDelivery } from "./model";
import { fixedPhaseWindow } from "./polling";
import { verdicts } from "./verdict";
import { CURVE_INTERVALS_SECONDS, trafficBuckets, windowBounds } from "./window";

/**
 * The comparison on an endpoint's own captured traffic: its requests in the window (experiment
 * traffic left out: it is synthetic), the push latency this app measured on it, and the pull API's
 * answer sizes and round trip measured on this server, through the what-if model (model.ts).
 * Table rows use the model's random-phase expectations; the charts use real ticks starting at the
 * window's start (fixed phase), so they show these events' actual delays.
 */
const intervalList = z
  .string()
  .transform((v) => v.split(",").filter((x) => x.trim() !== "").map(Number))
  .pipe(z.array(z.number().min(0.1, "must be at least 0.1 s").max(86_400, "must be at most 86,400 s (a day)")).min(1).max(12));

export const compareQuery = z.object({
  window: z.enum(["hour", "day", "week", "all"]).default("day"),
  intervals: intervalList.default([1, 5, 15, 30, 60, 300]),
  /** The rate limit polling is measured against, in requests an hour. */
  budget: z.coerce.number().int().min(1).max(1_000_000_000).default(1000),
  /** Price per million API requests. */
  price: z.coerce.number().min(0).max(1_000_000).default(1),
  /** The interval whose ticks the traffic chart overlays. */
  ticks: z.coerce.number().min(0.1).max(86_400).default(30),
});
export type CompareQuery = z.infer<typeof compareQuery>;

/** The long-poll wait the pull API allows at most (lib/api/v1/schemas.ts). */
const LONG_POLL_WAIT_SECONDS = 30;

export async function compareEndpoint(userId: string, endpoint: EndpointRecord, q: CompareQuery, nowMs = Date.now()) {
  const { startMs, endMs } = windowBounds(q.window, nowMs, endpoint.createdAt.getTime());
  const [events, sizes, server, browser] = await Promise.all([
    windowEvents(endpoint.id, startMs, endMs),
    apiAnswerSizes(userId, endpoint.id),
    pushLatencyOver(getPrisma(), endpoint.id, "server", startMs, endMs),
    pushLatencyOver(getPrisma(), endpoint.id, "browser", startMs, endMs),
  ]);
  const params = {
    emptyListBytes: sizes.emptyListBytes,
    notModifiedBytes: sizes.notModifiedBytes,
    budgetPerHour: q.budget,
    pricePerMillion: q.price,
    pushLatencyMs: server && { p50: server.p50, p99: server.p99 },
    fetchRoundTripMs: sizes.roundTripMs,
    longPollWaitSeconds: LONG_POLL_WAIT_SECONDS,
  };
  const c = compareDelivery({ events, startMs, endMs, intervalsSeconds: q.intervals, params });
  const times = events.map((e) => e.atMs);
  const curve = compareDelivery({ events, startMs, endMs, intervalsSeconds: CURVE_INTERVALS_SECONDS, params: { ...params, phase: { fixedMs: startMs } } });
  const tickWindow = fixedPhaseWindow(times, startMs, endMs, Math.round(q.ticks * 1000), startMs);

  return {
    window: q.window,
    from: new Date(startMs).toISOString(),
    to: new Date(endMs).toISOString(),
    events: c.events,
    eventsPerDay: c.eventsPerDay,
    polling: c.polling,
    webhook: {
      ...c.webhook,
      measuredSamples: server?.samples ?? 0,
      // Commit to arrival in a dashboard that was open, where one was.
      browserLatencyMs: browser && { p50: browser.p50, p99: browser.p99 },
      browserSamples: browser?.samples ?? 0,
    },
    longPoll: c.longPoll,
    hybrid: c.hybrid,
    verdicts: verdicts(c),
    assumptions: {
      phase: "random",
      emptyListBytes: sizes.emptyListBytes,
      notModifiedBytes: sizes.notModifiedBytes,
      sizesMeasured: sizes.measured,
      fetchRoundTripMs: sizes.roundTripMs,
      budgetPerHour: q.budget,
      pricePerMillion: q.price,
      longPollWaitSeconds: LONG_POLL_WAIT_SECONDS,
    },
    charts: {
      curve: curve.polling.map((r) => ({ intervalSeconds: r.intervalSeconds, meanDelayMs: r.meanDelayMs, p95DelayMs: r.p95DelayMs, pollsPerDay: r.pollsPerDay, emptyShare: r.emptyShare })),
      traffic: trafficBuckets(times, startMs, endMs),
      ticks: { intervalSeconds: q.ticks, phaseMs: startMs, polls: tickWindow.polls, nonEmpty: tickWindow.ticks },
    },
  };
}
export type CompareResult = Awaited<ReturnType<typeof compareEndpoint>>;

/** The window's requests as the model takes them: arrival time and the size of their summary in a poll's answer. */
async function windowEvents(endpointId: string, startMs: number, endMs: number): Promise<CapturedEvent[]> {
  const rows = await getPrisma().capturedRequest.findMany({
    where: { endpointId, experimentId: null, receivedAt: { gte: new Date(startMs), lt: new Date(endMs) } },
    select: { id: true, seq: true, method: true, path: true, query: true, size: true, contentType: true, ip: true, receivedAt: true },
  });
  return rows.map((r) => ({ atMs: r.receivedAt.getTime(), bytes: Buffer.byteLength(JSON.stringify(publicSummary(r))) }));
}
