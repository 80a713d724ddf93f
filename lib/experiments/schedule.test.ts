import { describe, expect, it } from "vitest";
import { eventOffsets, mulberry32 } from "./schedule";

describe("eventOffsets", () => {
  it("steady: evenly spaced, half a gap in, rate x duration of them", () => {
    expect(eventOffsets("steady", 10, 2, 1)).toEqual(Array.from({ length: 20 }, (_, i) => 250 + i * 500));
    expect(eventOffsets("steady", 600, 50, 1)).toHaveLength(30_000);
  });

  it("poisson: inside the window, ascending, about rate x duration, with exponential gaps; the same for the same seed", () => {
    const a = eventOffsets("poisson", 600, 5, 42);
    expect(a).toEqual(eventOffsets("poisson", 600, 5, 42));
    expect(a).not.toEqual(eventOffsets("poisson", 600, 5, 43));
    expect(a.every((t, i) => t >= 0 && t < 600_000 && (i === 0 || t >= a[i - 1]))).toBe(true);
    // 3,000 expected; the standard deviation of a Poisson count is sqrt(3,000) = 55.
    expect(Math.abs(a.length - 3000)).toBeLessThan(250);
    const gaps = a.slice(1).map((t, i) => t - a[i]);
    const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    expect(Math.abs(mean - 200)).toBeLessThan(15);
    // Exponential: the share of gaps above the mean is e^-1 = 0.37.
    expect(Math.abs(gaps.filter((g) => g > 200).length / gaps.length - Math.exp(-1))).toBeLessThan(0.04);
  });

  it("bursts: every 5 s, that period's events at one instant", () => {
    const b = eventOffsets("bursts", 20, 2, 1);
    expect(b).toHaveLength(40);
    expect([...new Set(b)]).toEqual([2500, 7500, 12_500, 17_500]);
    expect(eventOffsets("bursts", 10, 0.1, 1)).toEqual([2500, 7500]); // at least one event a burst
  });
});

describe("mulberry32", () => {
  it("is uniform on [0, 1)", () => {
    const r = mulberry32(7);
    const xs = Array.from({ length: 10_000 }, r);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 0.5)).toBeLessThan(0.01);
  });
});
