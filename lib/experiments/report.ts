import { longPollWindow } from "@/lib/compare/long-poll";
import { type Difference, compareToPrediction, predictPolling } from "@/lib/compare/predict";
import type { ClientLog, ClientKind } from "./client-log";
import { BURST_PERIOD_S, type ExperimentConfig } from "./config";

/**
 * An experiment's report: per client, what it measured beside what the model predicts for the
 * same run. Pure. Delays run from the moment the event source sent an event to the moment the
 * client saw it (the same clock for both: everything runs in the server process).
 *
 * Predictions:
 * - pollers (predict.ts): requests = duration / interval, mean delay = interval / 2, empty share
 *   e^(-λI) for Poisson traffic, max(0, 1 - λI) for steady, and for bursts the steady figure at one
 *   burst per period (a poll is non-empty exactly when a burst fell in its interval);
 * - long-poll: one answer per wake-up plus one per idle 30 s wait, over the events' actual send
 *   times (long-poll.ts), with the run's measured API round trip as the batching window; delay =
 *   measured push p50 + that round trip;
 * - push: one request per event; hybrid: two (push + fetch), delay = push p50 + round trip.
 */
export type DelaySummary = { meanDelayMs: number | null; p50DelayMs: number | null; p99DelayMs: number | null; maxDelayMs: number | null };

export type ClientReport = DelaySummary & {
  key: string;
  kind: ClientKind;
  intervalSeconds?: number;
  etag?: boolean;
  requests: number;
  drainRequests: number;
  empty: number;
  emptyShare: number | null;
  notModified: number;
  bytes: number;
  errors: number;
  fetches?: number;
  seen: number;
  missed: number;
  predictedRequests?: number;
  predictedMeanDelayMs?: number | null;
  predictedEmptyShare?: number;
  differences: Partial<Record<"requests" | "meanDelayMs" | "emptyShare", Difference>>;
};

export type ExperimentReport = {
  durationSeconds: number;
  eventsPerSecond: number;
  pattern: ExperimentConfig["pattern"];
  /** Events the inbox accepted (answered 2xx); only these count as seen or missed. */
  events: number;
  sent: number;
  failedSends: number;
  /** Median round trip of the run's API calls. */
  roundTripMs: number | null;
  clients: ClientReport[];
};

/** [client index, event number, sent at (ms after the start), delay ms], in the order they were seen. */
export type Observation = [number, number, number, number];

export type ReportInput = {
  config: ExperimentConfig;
  /** Per event number: when it was sent, in ms after the start (NaN if never sent). */
  sentOffsets: readonly number[];
  accepted: ReadonlySet<number>;
  t0: number;
  clients: readonly ClientLog[];
};

export function summarizeDelays(delays: readonly number[]): DelaySummary {
  if (delays.length === 0) return { meanDelayMs: null, p50DelayMs: null, p99DelayMs: null, maxDelayMs: null };
  const sorted = [...delays].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p * sorted.length) / 100) - 1)];
  return { meanDelayMs: sorted.reduce((s, d) => s + d, 0) / sorted.length, p50DelayMs: rank(50), p99DelayMs: rank(99), maxDelayMs: sorted[sorted.length - 1] };
}

export const median = (xs: readonly number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] : null);

export function buildReport(input: ReportInput): ExperimentReport {
  const { config, sentOffsets, accepted, t0 } = input;
  const durationMs = config.durationSeconds * 1000;
  const roundTripMs = median(input.clients.flatMap((c) => c.roundTrips));
  const delaysOf = (log: ClientLog) => [...accepted].filter((n) => log.seenAt.has(n)).map((n) => log.seenAt.get(n)! - t0 - sentOffsets[n]);
  const push = input.clients.find((c) => c.spec.kind === "push");
  const pushP50 = push ? summarizeDelays(delaysOf(push)).p50DelayMs : null;
  const pushPlusRoundTrip = pushP50 !== null && roundTripMs !== null ? pushP50 + roundTripMs : null;
  const acceptedTimes = [...accepted].map((n) => sentOffsets[n]).sort((a, b) => a - b);

  const clients = input.clients.map((log): ClientReport => {
    const seenDelays = delaysOf(log);
    const delays = summarizeDelays(seenDelays);
    const answers = log.requests + log.drainRequests;
    const base = {
      ...log.spec, ...delays,
      requests: log.requests, drainRequests: log.drainRequests, empty: log.empty, notModified: log.notModified, bytes: log.bytes, errors: log.errors,
      emptyShare: log.spec.kind === "poll" || log.spec.kind === "longpoll" ? (answers ? log.empty / answers : null) : null,
      seen: seenDelays.length, missed: accepted.size - seenDelays.length,
      ...(log.spec.kind === "hybrid" ? { fetches: log.fetches } : {}),
    };
    const prediction = predict(log, config, accepted.size, acceptedTimes, durationMs, roundTripMs, pushPlusRoundTrip);
    const measured = { requests: base.requests, meanDelayMs: delays.meanDelayMs ?? Number.NaN, emptyShare: base.emptyShare ?? Number.NaN };
    const predicted = Object.fromEntries(
      Object.entries({ requests: prediction.predictedRequests, meanDelayMs: prediction.predictedMeanDelayMs, emptyShare: prediction.predictedEmptyShare }).filter(
        ([k, v]) => typeof v === "number" && Number.isFinite(measured[k as keyof typeof measured]),
      ),
    ) as Record<"requests" | "meanDelayMs" | "emptyShare", number>;
    return { ...base, ...prediction, differences: compareToPrediction(measured, predicted) };
  });

  return {
    durationSeconds: config.durationSeconds,
    eventsPerSecond: config.eventsPerSecond,
    pattern: config.pattern,
    events: accepted.size,
    sent: sentOffsets.filter((t) => Number.isFinite(t)).length,
    failedSends: sentOffsets.filter((t) => Number.isFinite(t)).length - accepted.size,
    roundTripMs,
    clients,
  };
}

function predict(
  log: ClientLog, config: ExperimentConfig, events: number, times: number[], durationMs: number, roundTripMs: number | null, pushPlusRoundTrip: number | null,
): Pick<ClientReport, "predictedRequests" | "predictedMeanDelayMs" | "predictedEmptyShare"> {
  switch (log.spec.kind) {
    case "poll": {
      const traffic = config.pattern === "poisson"
        ? { kind: "poisson" as const, ratePerSecond: config.eventsPerSecond }
        : { kind: "steady" as const, ratePerSecond: config.pattern === "steady" ? config.eventsPerSecond : 1 / BURST_PERIOD_S };
      const p = predictPolling(log.spec.intervalSeconds!, config.durationSeconds, traffic);
      return { predictedRequests: p.requests, predictedMeanDelayMs: p.meanDelayMs, predictedEmptyShare: p.emptyShare };
    }
    case "longpoll": {
      const lp = longPollWindow(times, 0, durationMs, 30_000, roundTripMs ?? 0);
      const answers = lp.wakeUps + lp.timeouts;
      return { predictedRequests: answers, predictedMeanDelayMs: pushPlusRoundTrip, predictedEmptyShare: answers ? lp.timeouts / answers : 0 };
    }
    case "hybrid":
      return { predictedRequests: 2 * events, predictedMeanDelayMs: pushPlusRoundTrip };
    case "push":
      return { predictedRequests: events };
  }
}
