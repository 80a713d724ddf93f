import { describe, expect, it } from "vitest";
import { trafficBuckets, windowBounds } from "./window";

const H = 3_600_000;
const now = 1000 * H;

describe("windowBounds", () => {
  it("is the last hour, day or week up to just past now", () => {
    expect(windowBounds("hour", now, 0)).toEqual({ startMs: now - H, endMs: now + 1 });
    expect(windowBounds("day", now, 0)).toEqual({ startMs: now - 24 * H, endMs: now + 1 });
    expect(windowBounds("week", now, 0)).toEqual({ startMs: now - 168 * H, endMs: now + 1 });
  });

  it("is the whole day even for a newer endpoint (its first seconds are not scaled up to a day), and 'all' is its whole life", () => {
    expect(windowBounds("day", now, now - 2 * H)).toEqual({ startMs: now - 24 * H, endMs: now + 1 });
    expect(windowBounds("all", now, now - 500 * H)).toEqual({ startMs: now - 500 * H, endMs: now + 1 });
  });

  it("gives 'all' of an endpoint made this instant (or after a clock step) one second", () => {
    expect(windowBounds("all", now, now)).toEqual({ startMs: now + 1 - 1000, endMs: now + 1 });
    expect(windowBounds("all", now, now + 5000)).toEqual({ startMs: now + 1 - 1000, endMs: now + 1 });
  });
});

describe("trafficBuckets", () => {
  it("picks the smallest round bucket that keeps to the limit, and counts each event once", () => {
    // An hour: 30 s buckets (120 of them).
    const b = trafficBuckets([0, 29_999, 30_000, H - 1], 0, H);
    expect(b.bucketMs).toBe(30_000);
    expect(b.counts).toHaveLength(120);
    expect([b.counts[0], b.counts[1], b.counts[119]]).toEqual([2, 1, 1]);
    expect(b.counts.reduce((s, n) => s + n, 0)).toBe(4);
  });

  it("a day uses 30 min buckets, a week 3 h, and a partial last bucket still counts", () => {
    expect(trafficBuckets([], 0, 24 * H).bucketMs).toBe(1_800_000);
    expect(trafficBuckets([], 0, 168 * H).bucketMs).toBe(3 * H);
    const partial = trafficBuckets([10_500], 0, 10_501, 2); // 10.5 s in at most 2: 10 s buckets, the second partial
    expect(partial).toEqual({ startMs: 0, bucketMs: 10_000, counts: [0, 1] });
  });
});
