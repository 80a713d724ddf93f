import { describe, expect, it } from "vitest";
import { fixedPhaseWindow, randomPhaseWindow } from "./polling";

const S = 1000;

describe("random phase (exact expectation)", () => {
  it("no events: W / I polls, none with events, no delays", () => {
    expect(randomPhaseWindow([], 0, 60 * S, 10 * S)).toEqual({ polls: 6, nonEmptyPolls: 0, delays: null });
  });

  it("one event: one non-empty poll; delay uniform on [0, I)", () => {
    expect(randomPhaseWindow([30 * S], 0, 60 * S, 10 * S)).toEqual({
      polls: 6,
      nonEmptyPolls: 1,
      delays: { meanMs: 5000, p95Ms: 9500, maxMs: 10_000 },
    });
  });

  it("a burst at one instant shares a poll; a spread burst almost does", () => {
    expect(randomPhaseWindow([30 * S, 30 * S, 30 * S], 0, 60 * S, 10 * S).nonEmptyPolls).toBe(1);
    // Four 1 ms gaps: each splits the burst with probability 1 / 10,000.
    expect(randomPhaseWindow([30_000, 30_001, 30_002, 30_003, 30_004], 0, 60 * S, 10 * S).nonEmptyPolls).toBeCloseTo(1.0004, 12);
  });

  it("a window with gaps: 1 + Σ min(gap / I, 1)", () => {
    // Gaps 5 s (1/6 of a 30 s interval), 55 s and 140 s (each at least one interval: own poll).
    const w = randomPhaseWindow([0, 5 * S, 60 * S, 200 * S], 0, 300 * S, 30 * S);
    expect(w.nonEmptyPolls).toBeCloseTo(1 + 1 / 6 + 1 + 1, 12);
    expect(w.polls).toBe(10);
  });

  it("an event within one interval of the window's end may need the poll after the window", () => {
    // No tick in [295 s, 300 s) with probability 1 - 5/30.
    const w = randomPhaseWindow([295 * S], 0, 300 * S, 30 * S);
    expect(w.polls).toBeCloseTo(10 + 5 / 6, 12);
    expect(w.nonEmptyPolls).toBe(1);
  });

  it("equals the average of the fixed-phase computation over every whole-millisecond phase", () => {
    const I = 100;
    const [start, end] = [0, 1000];
    const times = [0, 3, 3, 40, 170, 260, 261, 500, 690, 931, 999];
    const fixed = Array.from({ length: I }, (_, phase) => fixedPhaseWindow(times, start, end, I, phase));
    const avg = (f: (w: (typeof fixed)[number]) => number) => fixed.reduce((s, w) => s + f(w), 0) / I;
    const random = randomPhaseWindow(times, start, end, I);
    expect(random.polls).toBeCloseTo(avg((w) => w.polls), 12);
    expect(random.nonEmptyPolls).toBeCloseTo(avg((w) => w.nonEmptyPolls), 12);
    // Whole-millisecond phases make delays 0..I-1 rather than uniform on [0, I): mean (I - 1) / 2.
    expect(avg((w) => w.delays!.meanMs)).toBeCloseTo((I - 1) / 2, 12);
    expect(random.delays!.meanMs).toBe(I / 2);
  });
});

describe("fixed phase (real ticks, real delays)", () => {
  it("events exactly on ticks are seen by those ticks with delay 0", () => {
    const w = fixedPhaseWindow([0, 10 * S, 20 * S], 0, 60 * S, 10 * S, 0);
    expect(w.delaysMs).toEqual([0, 0, 0]);
    expect(w.delays).toEqual({ meanMs: 0, p95Ms: 0, maxMs: 0 });
    expect(w.ticks).toEqual([
      { atMs: 0, events: 1 },
      { atMs: 10 * S, events: 1 },
      { atMs: 20 * S, events: 1 },
    ]);
    expect([w.polls, w.nonEmptyPolls]).toEqual([6, 3]);
  });

  it("a poll returns (tick - I, tick]: an event just after a tick waits for the next one, with the event on it", () => {
    const w = fixedPhaseWindow([1, 10 * S], 0, 60 * S, 10 * S, 0);
    expect(w.delaysMs).toEqual([9999, 0]);
    expect(w.ticks).toEqual([{ atMs: 10 * S, events: 2 }]);
    expect(w.nonEmptyPolls).toBe(1);
  });

  it("an event after the window's last tick is seen by the first tick after it, counted as one more poll", () => {
    const w = fixedPhaseWindow([55 * S], 0, 60 * S, 10 * S, 0);
    expect(w.ticks).toEqual([{ atMs: 60 * S, events: 1 }]);
    expect(w.delaysMs).toEqual([5 * S]);
    expect([w.polls, w.nonEmptyPolls]).toEqual([7, 1]);
  });

  it("a phase offset: ticks at 3 s, 13 s, ... 53 s; real delays; nearest-rank p95", () => {
    const w = fixedPhaseWindow([3 * S, 4 * S, 53 * S, 59 * S], 0, 60 * S, 10 * S, 3 * S);
    expect(w.delaysMs).toEqual([0, 9 * S, 0, 4 * S]);
    expect(w.ticks.map((t) => t.atMs)).toEqual([3 * S, 13 * S, 53 * S, 63 * S]);
    expect([w.polls, w.nonEmptyPolls]).toEqual([7, 4]);
    expect(w.delays).toEqual({ meanMs: 3250, p95Ms: 9 * S, maxMs: 9 * S });
  });

  it("only the phase modulo the interval matters, whatever time it is given as", () => {
    const times = [3 * S, 4 * S, 53 * S, 59 * S];
    const near = fixedPhaseWindow(times, 0, 60 * S, 10 * S, 3 * S);
    expect(fixedPhaseWindow(times, 0, 60 * S, 10 * S, 3 * S + 170_000_000 * 10 * S)).toEqual(near);
    expect(fixedPhaseWindow(times, 0, 60 * S, 10 * S, 3 * S - 7 * 10 * S)).toEqual(near);
  });

  it("a window shorter than the interval may hold no tick at all", () => {
    expect(fixedPhaseWindow([], 1 * S, 5 * S, 10 * S, 0)).toMatchObject({ polls: 0, nonEmptyPolls: 0, delays: null, ticks: [] });
  });

  it("p95 is the nearest-rank delay among twenty", () => {
    // Delays 0, 100, ..., 1900 ms: rank ceil(0.95 × 20) = 19 -> 1800 ms.
    const times = Array.from({ length: 20 }, (_, i) => 10 * S * (i + 1) - 100 * i);
    const w = fixedPhaseWindow(times, 0, 300 * S, 10 * S, 0);
    expect([...w.delaysMs].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => 100 * i));
    expect(w.delays!.p95Ms).toBe(1800);
    expect(w.delays!.maxMs).toBe(1900);
  });
});
