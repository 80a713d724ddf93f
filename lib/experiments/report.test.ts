import { describe, expect, it } from "vitest";
import { ClientLog } from "./client-log";
import type { ExperimentConfig } from "./config";
import { eventsCsv, reportCsv } from "./export";
import { buildReport, summarizeDelays } from "./report";

const T0 = 1_000_000;
const config: ExperimentConfig = { durationSeconds: 10, eventsPerSecond: 2, pattern: "poisson", pollers: [{ intervalSeconds: 1, etag: true }], longPoll: false, hybrid: true, push: true, seed: 1 };
// Four events sent 100 ms, 300 ms, 2.5 s and 9.9 s in; a fifth was sent but refused by the inbox.
const sentOffsets = [100, 300, 2500, 9900, 5000];
const accepted = new Set([0, 1, 2, 3]);

function logs() {
  const seen: [number, number, number][] = [];
  const make = (spec: ConstructorParameters<typeof ClientLog>[0], i: number) => {
    const l = new ClientLog(spec, (n, at) => seen.push([i, n, at]));
    l.begin(T0, T0 + 10_000);
    return l;
  };
  const push = make({ key: "push", kind: "push" }, 0);
  for (const n of [0, 1, 2, 3]) push.pushed(n, T0 + sentOffsets[n] + 2);
  // Ticks every second from 0.5 s: events are seen at 0.5 s (0 and 1), 3.5 s (2) and the drain tick at 10.5 s (3).
  const poll = make({ key: "poll-1s-etag", kind: "poll", intervalSeconds: 1, etag: true }, 1);
  for (let k = 0; k <= 10; k++) {
    const at = T0 + 500 + k * 1000;
    const events = k === 0 ? [0, 1] : k === 3 ? [2] : k === 10 ? [3] : [];
    const status = events.length || k === 1 || k === 4 ? 200 : 304; // after a page with events, one 200 before 304s resume
    poll.answer({ startedAt: at, at: at + 4, bytes: status === 304 ? 150 : 300, status, events, roundTrip: true });
  }
  const hybrid = make({ key: "hybrid", kind: "hybrid" }, 2);
  for (const n of [0, 1, 2, 3]) {
    hybrid.pushed(n, T0 + sentOffsets[n] + 2, false);
    hybrid.fetches++;
    hybrid.answer({ startedAt: T0 + sentOffsets[n] + 2, at: T0 + sentOffsets[n] + 6, bytes: 900, status: 200, events: [n], roundTrip: true });
  }
  return { clients: [push, poll, hybrid], seen };
}

describe("buildReport", () => {
  const { clients, seen } = logs();
  const report = buildReport({ config, sentOffsets, accepted, t0: T0, clients });

  it("counts the events the inbox accepted, and what was sent besides", () => {
    expect([report.events, report.sent, report.failedSends]).toEqual([4, 5, 1]);
    expect(seen.filter(([c]) => c === 1).map(([, n]) => n)).toEqual([0, 1, 2, 3]);
  });

  it("push: one request per event, delay from sending to arrival", () => {
    expect(report.clients[0]).toMatchObject({
      key: "push", requests: 4, seen: 4, missed: 0, meanDelayMs: 2, p50DelayMs: 2, p99DelayMs: 2, maxDelayMs: 2, predictedRequests: 4,
      differences: { requests: { measured: 4, predicted: 4, difference: 0, differencePercent: 0 } },
    });
  });

  it("poller: window requests beside duration / interval, drain apart, empty and 304 shares, delays beside interval / 2", () => {
    const poll = report.clients[1];
    // Delays: 400, 200, 1,004 (3.5 s + 4 ms - 2.5 s), 604.
    expect(poll).toMatchObject({ requests: 10, drainRequests: 1, empty: 8, notModified: 6, bytes: 6 * 150 + 5 * 300, seen: 4 });
    expect(poll.emptyShare).toBeCloseTo(8 / 11, 12);
    expect(poll.meanDelayMs).toBeCloseTo((404 + 204 + 1004 + 604) / 4, 9);
    expect([poll.p50DelayMs, poll.maxDelayMs]).toEqual([404, 1004]);
    expect([poll.predictedRequests, poll.predictedMeanDelayMs]).toEqual([10, 500]);
    expect(poll.predictedEmptyShare).toBeCloseTo(Math.exp(-2), 12);
    expect(poll.differences.meanDelayMs!.differencePercent).toBeCloseTo(((554 - 500) / 500) * 100, 9);
    expect(poll.differences.requests!.difference).toBe(0);
  });

  it("hybrid: a push and a fetch per event; its predicted delay is push p50 plus the run's median round trip", () => {
    const hybrid = report.clients[2];
    expect(hybrid).toMatchObject({ requests: 8, fetches: 4, predictedRequests: 8, meanDelayMs: 6, emptyShare: null });
    expect(report.roundTripMs).toBe(4);
    expect(hybrid.predictedMeanDelayMs).toBe(2 + 4);
  });

  it("bursts and steady traffic predict the steady empty share (bursts at one per period)", () => {
    const steady = buildReport({ config: { ...config, pattern: "steady" }, sentOffsets, accepted, t0: T0, clients });
    expect(steady.clients[1].predictedEmptyShare).toBe(0); // 2 events a second, a poll a second
    const bursts = buildReport({ config: { ...config, pattern: "bursts" }, sentOffsets, accepted, t0: T0, clients });
    expect(bursts.clients[1].predictedEmptyShare).toBeCloseTo(0.8, 12); // one burst every 5 s
  });

  it("exports the report as CSV rows per client and per event", () => {
    const lines = reportCsv(report).split("\r\n");
    expect(lines[0]).toMatch(/^client,kind,interval_s,etag,requests,drain_requests,empty,/);
    expect(lines[2].split(",").slice(0, 7)).toEqual(["poll-1s-etag", "poll", "1", "true", "10", "1", "8"]);
    expect(lines).toHaveLength(report.clients.length + 2); // header, rows, final CRLF
    const events = eventsCsv(report, {
      sentOffsets: [100, 300, 2500, 9900, 5000],
      observations: [[0, 0, 100, 2], [1, 0, 100, 400], [0, 4, 5000, 1]],
      timeline: [],
    }).split("\r\n");
    expect(events[0]).toBe("event,sent_at_ms,push_delay_ms,poll-1s-etag_delay_ms,hybrid_delay_ms");
    expect(events[1]).toBe("0,100,2,400,");
    expect(events[3]).toBe("2,2500,,,");
  });
});

describe("summarizeDelays", () => {
  it("nearest-rank percentiles", () => {
    const d = summarizeDelays(Array.from({ length: 200 }, (_, i) => i + 1));
    expect([d.meanDelayMs, d.p50DelayMs, d.p99DelayMs, d.maxDelayMs]).toEqual([100.5, 100, 198, 200]);
    expect(summarizeDelays([]).meanDelayMs).toBeNull();
  });
});
