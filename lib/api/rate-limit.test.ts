import { describe, expect, it } from "vitest";
import { HourlyBudget, budgetHeaders } from "./rate-limit";

describe("HourlyBudget", () => {
  it("grants `limit` calls per clock hour per key, then refuses until the hour turns", () => {
    let now = 10 * 3_600_000 + 3_594_000; // 6 s before the top of the hour
    const budget = new HourlyBudget(3, () => now);
    expect([1, 2, 3].map(() => budget.take("t").remaining)).toEqual([2, 1, 0]);
    const refused = budget.take("t");
    expect(refused).toEqual({ limit: 3, remaining: 0, resetSeconds: 6, allowed: false });
    expect(budget.take("other").allowed).toBe(true);
    now += 6_000;
    expect(budget.take("t")).toMatchObject({ allowed: true, remaining: 2, resetSeconds: 3600 });
  });

  it("peeks without spending", () => {
    const budget = new HourlyBudget(2, () => 0);
    budget.take("t");
    expect([budget.peek("t").remaining, budget.peek("t").remaining, budget.take("t").remaining]).toEqual([1, 1, 0]);
  });

  it("takes a per-key limit (a token with its own hourly limit) in the same hour window", () => {
    const budget = new HourlyBudget(1, () => 0);
    expect(budget.take("short-lived", 3)).toMatchObject({ limit: 3, remaining: 2, allowed: true });
    expect([budget.take("short-lived", 3).allowed, budget.take("short-lived", 3).allowed, budget.take("short-lived", 3).allowed]).toEqual([true, true, false]);
    expect(budget.take("default").remaining).toBe(0);
  });

  it("reports the IETF RateLimit fields", () => {
    expect(budgetHeaders({ limit: 1000, remaining: 997, resetSeconds: 42, allowed: true })).toEqual({
      "RateLimit-Limit": "1000", "RateLimit-Remaining": "997", "RateLimit-Reset": "42",
    });
  });
});
