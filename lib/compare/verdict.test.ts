import { describe, expect, it } from "vitest";
import { type CompareInput, compareDelivery } from "./model";
import { formatCount, formatDuration, formatShare, hybridVerdict, longPollVerdict, pollingVerdict, verdicts } from "./verdict";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Eleven events an hour apart from 00:30, a push latency of 3 ms (p50) and a 50 ms round trip.
const elevenADay = Array.from({ length: 11 }, (_, i) => ({ atMs: HOUR / 2 + i * HOUR, bytes: 300 }));
const measured = { pushLatencyMs: { p50: 3, p99: 12 }, fetchRoundTripMs: 50 };
const day = (over: Partial<CompareInput> = {}) =>
  compareDelivery({ events: elevenADay, startMs: 0, endMs: DAY, intervalsSeconds: [30], params: measured, ...over });

describe("the issue's example", () => {
  it("polling every 30 s against webhooks, word for word", () => {
    const c = day();
    expect(pollingVerdict(c.polling[0], c.webhook)).toBe(
      "Polling every 30 s: 2,880 requests a day, 99.6 % of them empty, events seen 15 s late on average (p95 28.5 s). Webhooks: 11 requests, seen 3 ms after arrival.",
    );
  });
});

describe("verdict lines", () => {
  it("one per interval, then long-polling, then the hybrid pattern", () => {
    expect(verdicts(day({ intervalsSeconds: [1, 300, 30] }))).toEqual([
      "Polling every 1 s: 86,400 requests a day, over 99.9 % of them empty, events seen 500 ms late on average (p95 950 ms). That is 360 % of the rate-limit budget. Webhooks: 11 requests, seen 3 ms after arrival.",
      "Polling every 5 min: 288 requests a day, 96.2 % of them empty, events seen 2.5 min late on average (p95 4.8 min). Webhooks: 11 requests, seen 3 ms after arrival.",
      "Polling every 30 s: 2,880 requests a day, 99.6 % of them empty, events seen 15 s late on average (p95 28.5 s). Webhooks: 11 requests, seen 3 ms after arrival.",
      "Long-polling with a 30 s wait: 2,891 requests a day (11 with events, 2,880 empty time-outs), events seen about 53 ms after arrival.",
      "Webhook plus one API fetch per event: 22 requests a day, events seen about 53 ms after arrival.",
    ]);
  });

  it("names the rate-limit budget only when polling exceeds it", () => {
    const [atBudget, over] = day({ intervalsSeconds: [3.6, 3] }).polling.map((row) => pollingVerdict(row, day().webhook));
    expect(atBudget).not.toContain("budget"); // 1,000 polls an hour: exactly the default budget
    expect(over).toContain("events seen 1.5 s late on average (p95 2.9 s). That is 120 % of the rate-limit budget. Webhooks:");
  });

  it("a window without events", () => {
    expect(verdicts(day({ events: [] }))).toEqual([
      "Polling every 30 s: 2,880 requests a day, all of them empty (no events in this window). Webhooks: 0 requests.",
      "Long-polling with a 30 s wait: 2,880 requests a day, all of them empty time-outs.",
      "Webhook plus one API fetch per event: 0 requests a day.",
    ]);
  });

  it("one event a day, nothing measured yet", () => {
    const c = day({ events: [{ atMs: HOUR, bytes: 300 }], params: {} });
    expect(verdicts(c)).toEqual([
      "Polling every 30 s: 2,880 requests a day, over 99.9 % of them empty, events seen 15 s late on average (p95 28.5 s). Webhooks: 1 request, push latency not measured yet.",
      "Long-polling with a 30 s wait: 2,881 requests a day (1 with events, 2,880 empty time-outs), delay unknown until push latency and round trip are measured.",
      "Webhook plus one API fetch per event: 2 requests a day, delay unknown until push latency and round trip are measured.",
    ]);
  });

  it("fixed phase with every event on a tick: none of the polls empty, seen at once", () => {
    const events = Array.from({ length: 4 }, (_, i) => ({ atMs: i * 15_000, bytes: 10 }));
    const c = compareDelivery({ events, startMs: 0, endMs: 60_000, intervalsSeconds: [15], params: { ...measured, phase: { fixedMs: 0 } } });
    expect(pollingVerdict(c.polling[0], c.webhook)).toBe(
      "Polling every 15 s: 5,760 requests a day, none of them empty, events seen 0 ms late on average (p95 0 ms). Webhooks: 5,760 requests, seen 3 ms after arrival.",
    );
  });

  it("long-poll and hybrid lines stand alone too", () => {
    // Two days, two events at 00:30 and 01:30: idle stretches of 0.5 h, 1 h and 46.5 h hold
    // 20 + 40 + 1,860 time-outs of 90 s, so 960 a day.
    const c = day({ events: elevenADay.slice(0, 2), endMs: 2 * DAY, params: { ...measured, longPollWaitSeconds: 90 } });
    expect(longPollVerdict(c.longPoll)).toBe("Long-polling with a 1.5 min wait: 961 requests a day (1 with events, 960 empty time-outs), events seen about 53 ms after arrival.");
    expect(hybridVerdict(c.hybrid)).toBe("Webhook plus one API fetch per event: 2 requests a day, events seen about 53 ms after arrival.");
  });
});

describe("number formatting", () => {
  it.each([
    [2880, "2,880"],
    [86_400, "86,400"],
    [12_342.857, "12,343"],
    [99.94, "99.9"],
    [5.25, "5.3"],
    [11 / 7, "1.6"],
    [0, "0"],
  ])("count %d -> %s", (n, text) => expect(formatCount(n)).toBe(text));

  it.each([
    [0, "0 ms"],
    [0.44, "0.4 ms"],
    [3, "3 ms"],
    [999.94, "999.9 ms"],
    [999.96, "1 s"],
    [28_500, "28.5 s"],
    [59_949, "59.9 s"],
    [59_950, "1 min"],
    [150_000, "2.5 min"],
    [285_000, "4.8 min"],
    [3_596_999, "59.9 min"],
    [3_597_000, "1 h"],
    [5_400_000, "1.5 h"],
    [36 * 3_600_000, "36 h"],
  ])("duration %d ms -> %s", (ms, text) => expect(formatDuration(ms)).toBe(text));

  it.each([
    [0.996_18, "99.6 %"],
    [0.5, "50 %"],
    [1, "100 %"],
    [0, "0 %"],
    [0.9996, "over 99.9 %"],
    [0.0004, "under 0.1 %"],
    [0.0005, "0.1 %"],
  ])("share %d -> %s", (share, text) => expect(formatShare(share)).toBe(text));
});
