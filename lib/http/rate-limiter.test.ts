import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limiter";

describe("RateLimiter", () => {
  it("allows a burst of the per-minute budget, then says how long to wait", () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    expect([1, 2, 3].map(() => limiter.take("e", 3))).toEqual([0, 0, 0]);
    expect(limiter.take("e", 3)).toBe(20); // one token per 20 s at 3/min
    now += 10_000;
    expect(limiter.take("e", 3)).toBe(10);
    now += 10_000;
    expect(limiter.take("e", 3)).toBe(0);
  });

  it("keeps endpoints apart", () => {
    const limiter = new RateLimiter(() => 0);
    expect(limiter.take("a", 1)).toBe(0);
    expect(limiter.take("a", 1)).toBeGreaterThan(0);
    expect(limiter.take("b", 1)).toBe(0);
  });
});

describe("RateLimiter with a burst and wait()", () => {
  it("allows `burst` at once, then refills at the rate; wait() never takes", () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    expect(limiter.wait("k", 1, 3)).toBe(0);
    expect([1, 2, 3].map(() => limiter.take("k", 1, 3))).toEqual([0, 0, 0]);
    expect(limiter.wait("k", 1, 3)).toBe(60);
    expect(limiter.wait("k", 1, 3)).toBe(60);
    now += 30_000;
    expect(limiter.take("k", 1, 3)).toBe(30);
    now += 30_000;
    expect(limiter.wait("k", 1, 3)).toBe(0);
    expect(limiter.take("k", 1, 3)).toBe(0);
  });
});
