import { describe, expect, it } from "vitest";
import { longPollWindow } from "./long-poll";

const S = 1000;

describe("long-poll window", () => {
  it("no events: one time-out per wait", () => {
    expect(longPollWindow([], 0, 120 * S, 30 * S, 50)).toEqual({ wakeUps: 0, timeouts: 4 });
    expect(longPollWindow([], 0, 119 * S, 30 * S, 50)).toEqual({ wakeUps: 0, timeouts: 3 });
  });

  it("events within one round trip of a wake-up share its answer; the idle stretches between hold time-outs", () => {
    // Wake-ups at 10 s (10.02 s joins it), 10.1 s (past the 50 ms round trip) and 70 s.
    // Time-outs: 0-10 s none, 10-10.1 s none, 10.1-70 s one, 70-120 s one.
    expect(longPollWindow([10_000, 10_020, 10_100, 70_000], 0, 120 * S, 30 * S, 50)).toEqual({ wakeUps: 3, timeouts: 2 });
  });

  it("with no round trip only events at the same millisecond share an answer", () => {
    expect(longPollWindow([5000, 5000, 5001], 0, 10 * S, 30 * S, 0)).toEqual({ wakeUps: 2, timeouts: 0 });
  });

  it("a time-out that coincides with an event counts as a time-out, then the event wakes the next request", () => {
    expect(longPollWindow([30 * S], 0, 60 * S, 30 * S, 0)).toEqual({ wakeUps: 1, timeouts: 2 });
  });
});
