import { describe, expect, it, vi } from "vitest";
import { log } from "@/lib/log/logger";
import { createMetrics, type Metrics } from "./metrics";

async function value(m: Metrics, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const metric = m.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  return values.find((v) => Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l))?.value;
}

describe("metrics", () => {
  it("counts committed rows, batch sizes and commit time", async () => {
    const m = createMetrics();
    m.captureCommitted(3, 0.002);
    m.captureCommitted(1, 0.004);
    expect(await value(m, "webhook_inbox_captures_accepted_total")).toBe(4);
    expect(await value(m, "webhook_inbox_capture_batch_rows", { le: "2" })).toBe(1);
    expect(await value(m, "webhook_inbox_capture_batch_rows", { le: "4" })).toBe(2);
    expect(await value(m, "webhook_inbox_capture_commit_seconds", { le: "0.0025" })).toBe(1);
    expect(await value(m, "webhook_inbox_capture_commit_seconds", { le: "0.005" })).toBe(2);
  });

  it("counts rejections by reason", async () => {
    const m = createMetrics();
    m.captureRejected("not_found");
    m.captureRejected("not_found");
    m.captureRejected("payload_too_large");
    expect(await value(m, "webhook_inbox_captures_rejected_total", { reason: "not_found" })).toBe(2);
    expect(await value(m, "webhook_inbox_captures_rejected_total", { reason: "payload_too_large" })).toBe(1);
  });

  it("reads the gauges from their sources at scrape time, every delivery state included", async () => {
    const m = createMetrics();
    let open = 2;
    m.watch({ sseSubscribers: () => open, deliveriesByState: async () => ({ pending: 5, succeeded: 9 }) });
    expect(await value(m, "webhook_inbox_sse_subscribers")).toBe(2);
    open = 0;
    expect(await value(m, "webhook_inbox_sse_subscribers")).toBe(0);
    expect(await value(m, "webhook_inbox_deliveries", { state: "pending" })).toBe(5);
    expect(await value(m, "webhook_inbox_deliveries", { state: "succeeded" })).toBe(9);
    expect(await value(m, "webhook_inbox_deliveries", { state: "failed" })).toBe(0);
  });

  it("still answers when a gauge's source fails, keeping its last values", async () => {
    const m = createMetrics();
    let fail = false;
    m.watch({ sseSubscribers: () => 1, deliveriesByState: async () => { if (fail) throw new Error("database is locked"); return { pending: 3 }; } });
    expect(await value(m, "webhook_inbox_deliveries", { state: "pending" })).toBe(3);
    fail = true;
    const logged = vi.spyOn(log(), "warn").mockImplementation(() => undefined);
    const text = await m.registry.metrics();
    expect(logged).toHaveBeenCalledWith({ reason: "database is locked" }, "counting deliveries for /metrics failed");
    logged.mockRestore();
    expect(text).toContain('webhook_inbox_deliveries{state="pending"} 3');
    expect(text).toContain("webhook_inbox_sse_subscribers 1");
  });

  it("renders the Prometheus text format with attempts, API calls and event-loop lag", async () => {
    const m = createMetrics();
    m.deliveryAttempt("success", 120);
    m.deliveryAttempt("network_error", 3000);
    m.apiRequest("session", "200");
    m.apiRequest("anonymous", "401");
    const text = await m.registry.metrics();
    expect(m.registry.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain('webhook_inbox_delivery_attempt_seconds_count{outcome="success"} 1');
    expect(text).toContain('webhook_inbox_delivery_attempt_seconds_bucket{le="0.25",outcome="success"} 1');
    expect(text).toContain('webhook_inbox_delivery_attempt_seconds_count{outcome="network_error"} 1');
    expect(text).toContain('webhook_inbox_api_requests_total{auth="session",status="200"} 1');
    expect(text).toContain('webhook_inbox_api_requests_total{auth="anonymous",status="401"} 1');
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
  });
});
