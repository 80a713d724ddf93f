import { describe, expect, it } from "vitest";
import { aggregateState, statesByRequest } from "./delivery-state";

describe("aggregateState", () => {
  it("picks the most urgent state, and pending for deliveries in flight", () => {
    expect(aggregateState([])).toBeNull();
    expect(aggregateState(["succeeded"])).toBe("succeeded");
    expect(aggregateState(["succeeded", "delivering"])).toBe("pending");
    expect(aggregateState(["succeeded", "retrying", "pending"])).toBe("retrying");
    expect(aggregateState(["held", "succeeded"])).toBe("held");
    expect(aggregateState(["cancelled", "failed", "retrying"])).toBe("failed");
    expect(aggregateState(["cancelled"])).toBe("cancelled");
    expect(aggregateState(["mystery"])).toBeNull();
  });

  it("groups rows per request", () => {
    const m = statesByRequest([{ requestId: "a", state: "succeeded" }, { requestId: "b", state: "pending" }, { requestId: "a", state: "failed" }]);
    expect(Object.fromEntries(m)).toEqual({ a: "failed", b: "pending" });
  });
});
