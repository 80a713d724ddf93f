import type { ExperimentReport } from "./report";
import type { ExperimentSamples } from "./store";

/**
 * A report as CSV: one row per client, measured figures beside the model's predictions and the
 * differences; or (`rows=events`) one row per event, with each client's detection delay. RFC 4180:
 * comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or line break.
 */
const SUMMARY_COLUMNS = [
  "client", "kind", "interval_s", "etag", "requests", "drain_requests", "empty", "empty_share", "not_modified", "bytes", "errors",
  "seen", "missed", "mean_delay_ms", "p50_delay_ms", "p99_delay_ms", "max_delay_ms",
  "predicted_requests", "requests_difference_pct", "predicted_mean_delay_ms", "mean_delay_difference_pct", "predicted_empty_share", "empty_share_difference_pct",
] as const;

export function reportCsv(report: ExperimentReport): string {
  const rows = report.clients.map((c) => [
    c.key, c.kind, c.intervalSeconds, c.etag, c.requests, c.drainRequests, c.empty, c.emptyShare, c.notModified, c.bytes, c.errors,
    c.seen, c.missed, c.meanDelayMs, c.p50DelayMs, c.p99DelayMs, c.maxDelayMs,
    c.predictedRequests, c.differences.requests?.differencePercent, c.predictedMeanDelayMs, c.differences.meanDelayMs?.differencePercent,
    c.predictedEmptyShare, c.differences.emptyShare?.differencePercent,
  ]);
  return csv([[...SUMMARY_COLUMNS], ...rows]);
}

export function eventsCsv(report: ExperimentReport, samples: ExperimentSamples): string {
  const delays = samples.sentOffsets.map(() => report.clients.map((): number | null => null));
  for (const [client, n, , delay] of samples.observations) delays[n][client] = delay;
  return csv([
    ["event", "sent_at_ms", ...report.clients.map((c) => `${c.key}_delay_ms`)],
    ...samples.sentOffsets.map((sent, n) => [n, sent, ...delays[n]]),
  ]);
}

type Cell = string | number | boolean | null | undefined;

export function csv(rows: Cell[][]): string {
  return rows.map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
}

function field(v: Cell): string {
  if (v === null || v === undefined || (typeof v === "number" && !Number.isFinite(v))) return "";
  const text = typeof v === "number" ? String(Math.round(v * 1000) / 1000) : String(v);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
