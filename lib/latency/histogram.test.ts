import { describe, expect, it } from "vitest";
import { LatencyHistogram, bucketOf, bucketValue } from "./histogram";

describe("LatencyHistogram", () => {
  it("reports percentiles within 2.5 % of the true values, and the exact maximum", () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 1000; i++) h.add(i / 10); // 0.1 ms .. 100 ms
    expect(h.count).toBe(1000);
    expect(h.maxMs).toBe(100);
    expect(h.sumMs).toBeCloseTo(50_050, 6);
    for (const [p, truth] of [[50, 50], [99, 99], [10, 10]] as const) {
      expect(Math.abs(h.percentile(p)! - truth) / truth).toBeLessThan(0.025);
    }
    expect(h.percentile(100)).toBe(100);
  });

  it("is empty without values, and puts 0 and sub-10 µs values in the first bucket", () => {
    expect(new LatencyHistogram().percentile(50)).toBeNull();
    const h = new LatencyHistogram();
    h.add(0);
    h.add(0.005);
    h.add(-3); // a clock step backwards counts as 0, never as negative
    expect(h.percentile(99)).toBe(0.005); // the maximum, exactly
    expect(h.toJson()).toEqual({ "0": 3 });
  });

  it("buckets are contiguous: each value lies inside its bucket's range", () => {
    for (const v of [0.01, 0.0105, 1, 1.5, 42, 999.9, 600_000]) {
      const b = bucketOf(v);
      const low = bucketValue(b) / Math.sqrt(1.05);
      expect(v).toBeGreaterThanOrEqual(low * (1 - 1e-9));
      expect(v).toBeLessThan(low * 1.05 * (1 + 1e-9));
    }
  });

  it("merges and round-trips through JSON", () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    [1, 2, 3].forEach((v) => a.add(v));
    [4, 500].forEach((v) => b.add(v));
    const merged = LatencyHistogram.from({ buckets: a.toJson(), count: a.count, sumMs: a.sumMs, maxMs: a.maxMs }).merge(b);
    expect(merged.count).toBe(5);
    expect(merged.maxMs).toBe(500);
    expect(merged.sumMs).toBe(510);
    expect(Math.abs(merged.percentile(50)! - 3) / 3).toBeLessThan(0.025);
    expect(merged.percentile(90)).toBe(500);
  });
});
