import { describe, expect, it } from "vitest";
import { estimateOffset, toServerClock } from "./clock-offset";

describe("estimateOffset", () => {
  it("takes the probe with the shortest round trip: offset from its midpoint, uncertainty half its round trip", () => {
    // The server's clock is 250 ms ahead. A slow probe (40 ms, the answer delayed) and a fast one (4 ms).
    const probes = [
      { sentMs: 1000, serverMs: 1000 + 5 + 250, receivedMs: 1040 },
      { sentMs: 2000, serverMs: 2000 + 2 + 250, receivedMs: 2004 },
    ];
    expect(estimateOffset(probes)).toEqual({ offsetMs: 250, uncertaintyMs: 2 });
    // An event committed at server time 5,250 that arrived at browser time 5,003: 3 ms of latency.
    expect(toServerClock(5003, estimateOffset(probes)!) - 5250).toBe(3);
  });

  it("is exact for a symmetric path whatever the round trip, and off by the asymmetry otherwise (within its bound)", () => {
    expect(estimateOffset([{ sentMs: 0, serverMs: -95, receivedMs: 10 }])).toEqual({ offsetMs: -100, uncertaintyMs: 5 });
    // All 10 ms of the round trip on the way back: the estimate is 5 ms off, exactly its stated bound.
    const skewed = estimateOffset([{ sentMs: 0, serverMs: -100, receivedMs: 10 }])!;
    expect(Math.abs(skewed.offsetMs - -100)).toBe(skewed.uncertaintyMs);
  });

  it("ignores impossible probes and gives nothing without a usable one", () => {
    expect(estimateOffset([])).toBeNull();
    expect(estimateOffset([{ sentMs: 10, serverMs: 5, receivedMs: 9 }, { sentMs: 0, serverMs: Number.NaN, receivedMs: 1 }])).toBeNull();
  });
});
