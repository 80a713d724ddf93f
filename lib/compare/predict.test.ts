import { describe, expect, it } from "vitest";
import { compareDelivery } from "./model";
import { compareToPrediction, predictPolling } from "./predict";

describe("predictPolling", () => {
  it("requests = D / I and mean delay = I / 2", () => {
    expect(predictPolling(30, 3600, { kind: "poisson", ratePerSecond: 0 })).toEqual({ requests: 120, meanDelayMs: 15_000, emptyShare: 1 });
    expect(predictPolling(10, 86_400, { kind: "steady", ratePerSecond: 0 }).requests).toBe(8640);
  });

  it("Poisson traffic: a poll is empty with probability e^(-λI)", () => {
    expect(predictPolling(30, 3600, { kind: "poisson", ratePerSecond: 0.1 }).emptyShare).toBeCloseTo(Math.exp(-3), 15);
    expect(predictPolling(5, 60, { kind: "poisson", ratePerSecond: 0.02 }).emptyShare).toBeCloseTo(0.904837418, 9);
  });

  it("steady traffic: 1 - λI while events are sparser than polls, 0 once every interval holds one", () => {
    expect(predictPolling(30, 3600, { kind: "steady", ratePerSecond: 0.02 }).emptyShare).toBeCloseTo(0.4, 15);
    expect(predictPolling(30, 3600, { kind: "steady", ratePerSecond: 1 / 30 }).emptyShare).toBe(0);
    expect(predictPolling(30, 3600, { kind: "steady", ratePerSecond: 0.1 }).emptyShare).toBe(0);
  });

  it("steady prediction agrees with the what-if model on evenly spaced events", () => {
    // One event every 50 s for 5,000 s, polled every 30 s.
    const events = Array.from({ length: 100 }, (_, i) => ({ atMs: i * 50_000, bytes: 0 }));
    const model = compareDelivery({ events, startMs: 0, endMs: 5_000_000, intervalsSeconds: [30] }).polling[0];
    expect(model.emptyShare).toBeCloseTo(predictPolling(30, 5000, { kind: "steady", ratePerSecond: 0.02 }).emptyShare, 12);
  });

  it("refuses impossible inputs", () => {
    expect(() => predictPolling(0, 60, { kind: "steady", ratePerSecond: 1 })).toThrow(RangeError);
    expect(() => predictPolling(5, -1, { kind: "steady", ratePerSecond: 1 })).toThrow(RangeError);
    expect(() => predictPolling(5, 60, { kind: "poisson", ratePerSecond: -1 })).toThrow(RangeError);
  });
});

describe("compareToPrediction", () => {
  it("gives absolute and percentage differences per figure", () => {
    const predicted = predictPolling(30, 3600, { kind: "poisson", ratePerSecond: 0.01 });
    const diff = compareToPrediction({ requests: 118, meanDelayMs: 15_300, emptyShare: 0.75 }, predicted);
    expect(diff.requests).toEqual({ measured: 118, predicted: 120, difference: -2, differencePercent: (-2 / 120) * 100 });
    expect(diff.meanDelayMs).toEqual({ measured: 15_300, predicted: 15_000, difference: 300, differencePercent: 2 });
    expect(diff.emptyShare.difference).toBeCloseTo(0.75 - Math.exp(-0.3), 15);
    expect(diff.emptyShare.differencePercent).toBeCloseTo(((0.75 - Math.exp(-0.3)) / Math.exp(-0.3)) * 100, 12);
  });

  it("has no percentage against a prediction of 0", () => {
    expect(compareToPrediction({ emptyShare: 0.1 }, { emptyShare: 0 }).emptyShare).toEqual({
      measured: 0.1,
      predicted: 0,
      difference: 0.1,
      differencePercent: null,
    });
  });
});
