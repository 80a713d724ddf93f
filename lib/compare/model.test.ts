import { describe, expect, it } from "vitest";
import { type CapturedEvent, type CompareInput, compareDelivery } from "./model";
import { predictPolling } from "./predict";

const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const at = (atMs: number, bytes = 100): CapturedEvent => ({ atMs, bytes });
// Eleven events an hour apart from 00:30: every gap is longer than every interval below.
const elevenADay = Array.from({ length: 11 }, (_, i) => at(30 * MIN + i * HOUR));
const run = (over: Partial<CompareInput>) => compareDelivery({ events: [], startMs: 0, endMs: DAY, intervalsSeconds: [30], ...over });

describe("the seed articles' figures", () => {
  it("polling every 10 s is 8,640 requests a day; the standard intervals likewise", () => {
    const rows = run({ events: elevenADay, intervalsSeconds: [1, 5, 10, 15, 30, 60, 300] }).polling;
    expect(rows.map((r) => r.pollsPerDay)).toEqual([86_400, 17_280, 8640, 5760, 2880, 1440, 288]);
  });

  it("polling every 30 s sees uniformly random events 15 s late on average", () => {
    // 2,000 events at uniformly random moments of the day (a fixed-seed LCG, so the test is stable).
    let seed = 12_345;
    const uniform = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const events = Array.from({ length: 2000 }, () => at(Math.floor(uniform() * DAY)));
    const exact = run({ events }).polling[0];
    expect([exact.meanDelayMs, exact.p95DelayMs, exact.maxDelayMs]).toEqual([15_000, 28_500, 30_000]);
    // Real ticks at an arbitrary phase agree: the standard error of the mean here is ~0.2 s.
    const real = run({ events, params: { phase: { fixedMs: 7_777 } } }).polling[0];
    expect(Math.abs(real.meanDelayMs! - 15_000)).toBeLessThan(1000);
    expect(Math.abs(real.p95DelayMs! - 28_500)).toBeLessThan(1000);
    // And the share of empty polls is the Poisson figure e^(-λI), λI = 2,000 / 2,880.
    const poisson = predictPolling(30, 86_400, { kind: "poisson", ratePerSecond: 2000 / 86_400 }).emptyShare;
    expect(Math.abs(exact.emptyShare - poisson)).toBeLessThan(0.01);
    expect(Math.abs(real.emptyShare - poisson)).toBeLessThan(0.01);
  });

  it("a custom interval is rounded to whole milliseconds", () => {
    expect(run({ intervalsSeconds: [1.1] }).polling[0].pollsPerDay).toBeCloseTo(DAY / 1100, 9);
  });
});

describe("polling rows", () => {
  it("no events: every poll an empty 200 (or a 304 with ETag), no delays", () => {
    expect(run({}).polling[0]).toEqual({
      intervalSeconds: 30,
      pollsPerDay: 2880,
      emptyShare: 1,
      meanDelayMs: null,
      p95DelayMs: null,
      maxDelayMs: null,
      bytesPerDay: 2880 * 300,
      bytesPerDayWithEtag: 2880 * 150,
      budgetShare: 0.12, // 120 polls an hour of 1,000
      costPerDay: 0.00288, // $1 per million
    });
  });

  it("one event in a minute, scaled to a day", () => {
    // Window 60 s: 1,440 of them a day. I = 10 s: 6 polls, 1 with the event, 5 empty.
    const row = run({ events: [at(30 * S)], endMs: MIN, intervalsSeconds: [10] }).polling[0];
    expect(row.pollsPerDay).toBe(8640);
    expect(row.emptyShare).toBeCloseTo(5 / 6, 15);
    expect([row.meanDelayMs, row.p95DelayMs, row.maxDelayMs]).toEqual([5000, 9500, 10_000]);
    // Summaries: (100 + 1) bytes x 1,440 = 145,440 a day; 7,200 empty and 1,440 non-empty polls.
    expect(row.bytesPerDay).toBeCloseTo(8640 * 300 + 145_440, 6);
    expect(row.bytesPerDayWithEtag).toBeCloseTo(7200 * 150 + 1440 * 300 + 145_440, 6);
  });

  it("a burst at one instant costs one non-empty poll and every summary once", () => {
    const burst = Array.from({ length: 50 }, () => at(30 * S, 200));
    const row = run({ events: burst, endMs: MIN, intervalsSeconds: [10] }).polling[0];
    expect(row.emptyShare).toBeCloseTo(5 / 6, 15);
    expect(row.bytesPerDay).toBeCloseTo(8640 * 300 + 50 * 201 * 1440, 6);
  });

  it("a window with gaps: events close together share a poll, distant ones do not", () => {
    // 0 s, 5 s, 60 s, 200 s in 300 s at I = 30 s: 1 + 5/30 + 1 + 1 non-empty of 10 polls.
    const row = run({ events: [at(0), at(5 * S), at(60 * S), at(200 * S)], endMs: 300 * S }).polling[0];
    expect(row.emptyShare).toBeCloseTo(1 - (1 + 1 / 6 + 1 + 1) / 10, 15);
  });

  it("fixed phase with events exactly on ticks: real delays of 0", () => {
    const events = [at(0), at(10 * S), at(20 * S)];
    const row = run({ events, endMs: MIN, intervalsSeconds: [10], params: { phase: { fixedMs: 0 } } }).polling[0];
    expect([row.meanDelayMs, row.p95DelayMs, row.maxDelayMs]).toEqual([0, 0, 0]);
    expect(row.emptyShare).toBe(0.5);
    // Half the polls empty: 4,320 304s and 4,320 list answers a day.
    expect(row.bytesPerDayWithEtag).toBeCloseTo(4320 * 150 + 4320 * 300 + 3 * 101 * 1440, 6);
  });

  it("unsorted events give the sorted result", () => {
    const events = [at(60 * S), at(0), at(200 * S), at(5 * S)];
    const sorted = [...events].sort((a, b) => a.atMs - b.atMs);
    const base = { endMs: 300 * S, intervalsSeconds: [5, 30] };
    expect(run({ ...base, events })).toEqual(run({ ...base, events: sorted }));
  });

  it("takes the budget, price and byte sizes it is given", () => {
    const row = run({ intervalsSeconds: [1], params: { budgetPerHour: 5000, pricePerMillion: 3.5, emptyListBytes: 500, notModifiedBytes: 90 } }).polling[0];
    expect(row.budgetShare).toBeCloseTo(0.72, 15);
    expect(row.costPerDay).toBeCloseTo(0.3024, 15);
    expect(row.bytesPerDay).toBe(86_400 * 500);
    expect(row.bytesPerDayWithEtag).toBe(86_400 * 90);
  });
});

describe("webhook, long-poll and hybrid", () => {
  const params = { pushLatencyMs: { p50: 3, p99: 12 }, fetchRoundTripMs: 50 };

  it("webhooks: one request per event and the measured latency", () => {
    const c = run({ events: elevenADay, params });
    expect(c.events).toBe(11);
    expect(c.webhook).toEqual({ requestsPerDay: 11, measuredLatencyMs: { p50: 3, p99: 12 } });
    const week = run({ events: elevenADay, endMs: 7 * DAY });
    expect(week.webhook).toEqual({ requestsPerDay: 11 / 7, measuredLatencyMs: null });
  });

  it("long-poll: wake-ups plus one time-out per idle wait; delay = push latency + one round trip", () => {
    // Idle stretches 30 min, ten of 1 h and 13.5 h hold 60 + 1,200 + 1,620 = 2,880 time-outs.
    expect(run({ events: elevenADay, params }).longPoll).toEqual({
      waitSeconds: 30,
      requestsPerDay: 2891,
      wakeUpsPerDay: 11,
      timeoutsPerDay: 2880,
      delayMs: { p50: 53, p99: 62 },
      budgetShare: 2891 / 24 / 1000,
      costPerDay: 0.002891,
    });
    expect(run({ params: { longPollWaitSeconds: 60 } }).longPoll.requestsPerDay).toBe(1440);
  });

  it("hybrid: two requests per event, of which one is an API fetch; delay = push latency + fetch round trip", () => {
    expect(run({ events: elevenADay, params }).hybrid).toEqual({
      requestsPerDay: 22,
      fetchesPerDay: 11,
      delayMs: { p50: 53, p99: 62 },
      budgetShare: 11 / 24 / 1000,
      costPerDay: 0.000011,
    });
  });

  it("no delay figure without both a measured push latency and a round trip", () => {
    expect(run({ params: { pushLatencyMs: { p50: 3, p99: 12 } } }).hybrid.delayMs).toBeNull();
    expect(run({ params: { fetchRoundTripMs: 50 } }).longPoll.delayMs).toBeNull();
  });
});

describe("input checks", () => {
  it.each<[string, Partial<CompareInput>]>([
    ["an empty window", { endMs: 0 }],
    ["an event outside the window", { events: [at(DAY)] }],
    ["negative bytes", { events: [at(0, -1)] }],
    ["an interval under 1 ms", { intervalsSeconds: [0.0001] }],
    ["a zero budget", { params: { budgetPerHour: 0 } }],
    ["a zero long-poll wait", { params: { longPollWaitSeconds: 0 } }],
    ["a non-finite phase", { params: { phase: { fixedMs: Number.NaN } } }],
    ["a negative round trip", { params: { fetchRoundTripMs: -1 } }],
  ])("refuses %s", (_, over) => {
    expect(() => run(over)).toThrow(RangeError);
  });
});
