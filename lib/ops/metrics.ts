import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { AttemptMetric } from "@/lib/forwarding/engine";
import { log } from "@/lib/log/logger";

/** Where the gauges read their values at scrape time (wired by server.ts). */
export type MetricSources = {
  sseSubscribers: () => number;
  deliveriesByState: () => Promise<Record<string, number>>;
};

/** Every state a Delivery row can be in: each is reported, at 0 when empty, so alerts see it. */
const DELIVERY_STATES = ["held", "pending", "delivering", "retrying", "succeeded", "failed", "cancelled"];

/**
 * The process's Prometheus metrics (README "Operating it" lists them). The capture path only
 * increments: one counter per committed batch, label children looked up once, nothing labelled
 * per endpoint. Gauges that need a query run at scrape time.
 */
export function createMetrics() {
  const registry = new Registry();
  // Node's own: CPU, memory, GC, handles, and event-loop lag (nodejs_eventloop_lag_*).
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  let sources: MetricSources | undefined;

  const accepted = new Counter({ name: "webhook_inbox_captures_accepted_total", help: "Inbound requests stored.", registers });
  const rejected = new Counter({
    name: "webhook_inbox_captures_rejected_total",
    help: "Inbound requests answered without storing them, by reason (the error code sent).",
    labelNames: ["reason"],
    registers,
  });
  const batchRows = new Histogram({
    name: "webhook_inbox_capture_batch_rows",
    help: "Rows written per group commit.",
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
    registers,
  });
  const commitSeconds = new Histogram({
    name: "webhook_inbox_capture_commit_seconds",
    help: "Duration of one group commit.",
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  new Gauge({
    name: "webhook_inbox_sse_subscribers",
    help: "Open live-update (SSE) streams.",
    registers,
    collect() {
      this.set(sources?.sseSubscribers() ?? 0);
    },
  });
  const sseDropped = new Counter({
    name: "webhook_inbox_sse_dropped_total",
    help: "Live-update streams ended because their client stopped reading (its unsent data passed the limit); it reconnects and resumes.",
    registers,
  });
  new Gauge({
    name: "webhook_inbox_deliveries",
    help: "Forwarding deliveries by state (the queue is pending + retrying + delivering).",
    labelNames: ["state"],
    registers,
    async collect() {
      let counts: Record<string, number>;
      try {
        counts = (await sources?.deliveriesByState()) ?? {};
      } catch (err) {
        // A locked database must not fail the whole scrape: these keep their last values.
        log().warn({ reason: (err as Error).message }, "counting deliveries for /metrics failed");
        return;
      }
      for (const state of new Set([...DELIVERY_STATES, ...Object.keys(counts)])) this.set({ state }, counts[state] ?? 0);
    },
  });
  const attemptSeconds = new Histogram({
    name: "webhook_inbox_delivery_attempt_seconds",
    help: "Duration of forwarding attempts by outcome (its _count is the number of attempts).",
    labelNames: ["outcome"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const apiRequests = new Counter({
    name: "webhook_inbox_api_requests_total",
    help: "Calls to /api by how the caller authenticated (session, token, anonymous) and response status.",
    labelNames: ["auth", "status"],
    registers,
  });

  const rejectedBy = new Map<string, Counter.Internal>();
  return {
    registry,
    /** Gauges read these at scrape time. */
    watch(s: MetricSources) {
      sources = s;
    },
    captureCommitted(rows: number, seconds: number) {
      accepted.inc(rows);
      batchRows.observe(rows);
      commitSeconds.observe(seconds);
    },
    captureRejected(reason: string) {
      let child = rejectedBy.get(reason);
      if (!child) rejectedBy.set(reason, (child = rejected.labels(reason)));
      child.inc();
    },
    deliveryAttempt(outcome: AttemptMetric, durationMs: number) {
      attemptSeconds.labels(outcome).observe(durationMs / 1000);
    },
    sseDropped() {
      sseDropped.inc();
    },
    apiRequest(auth: "session" | "token" | "anonymous", status: string) {
      apiRequests.labels(auth, status).inc();
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

// On globalThis like the other process-wide singletons: one registry however many bundles load this.
const KEY = Symbol.for("webhook-inbox.metrics");
export function metrics(): Metrics {
  const g = globalThis as typeof globalThis & { [KEY]?: Metrics };
  g[KEY] ??= createMetrics();
  return g[KEY];
}
