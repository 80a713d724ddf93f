import { describe, expect, it } from "vitest";
import { DEFAULT_SCHEDULE_MS, type RetryPolicy, classifyResponse, nextDelayMs, parseHttpDate, parseRetryAfter, retryPolicy } from "./retry-policy";

const noJitter = () => 0.5;
const lowest = () => 0; // factor 0.9
const highest = () => 0.999999; // factor just under 1.1
const NOW = new Date("2025-06-01T12:00:00.000Z");

describe("default schedule", () => {
  it("matches the Standard Webhooks schedule", () => {
    expect(DEFAULT_SCHEDULE_MS).toEqual([0, 5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000]);
  });

  it.each(DEFAULT_SCHEDULE_MS.map((ms, attempt) => [attempt, ms]))("attempt %i waits exactly %i ms without jitter", (attempt, ms) => {
    expect(nextDelayMs(attempt, undefined, noJitter)).toBe(ms);
  });

  it("has 8 attempts in total", () => {
    expect(nextDelayMs(7, undefined, noJitter)).not.toBeNull();
    expect(nextDelayMs(8, undefined, noJitter)).toBeNull();
    expect(nextDelayMs(100, undefined, noJitter)).toBeNull();
  });

  it.each(DEFAULT_SCHEDULE_MS.slice(1).map((ms, i) => [i + 1, ms]))("attempt %i stays within +/-10%% of %i ms", (attempt, ms) => {
    expect(nextDelayMs(attempt, undefined, lowest)).toBe(Math.round(ms * 0.9));
    const hi = nextDelayMs(attempt, undefined, highest)!;
    expect(hi).toBeGreaterThan(ms);
    expect(hi).toBeLessThanOrEqual(Math.round(ms * 1.1));
    for (let r = 0; r < 1; r += 0.05) {
      const d = nextDelayMs(attempt, undefined, () => r)!;
      expect(d).toBeGreaterThanOrEqual(ms * 0.9 - 0.5);
      expect(d).toBeLessThanOrEqual(ms * 1.1 + 0.5);
    }
  });

  it("attempt 0 is always immediate, whatever the jitter or policy", () => {
    for (const r of [lowest, noJitter, highest]) {
      expect(nextDelayMs(0, undefined, r)).toBe(0);
      expect(nextDelayMs(0, { count: 0, backoff: "fixed", baseMs: 5000, capMs: 5000 }, r)).toBe(0);
    }
  });

  it("returns integers and uses Math.random when no random is given", () => {
    for (let i = 0; i < 50; i++) {
      const d = nextDelayMs(1, undefined)!;
      expect(Number.isInteger(d)).toBe(true);
      expect(d).toBeGreaterThanOrEqual(4500);
      expect(d).toBeLessThanOrEqual(5500);
    }
  });

  it("refuses a negative or fractional attempt", () => {
    expect(() => nextDelayMs(-1, undefined)).toThrow(RangeError);
    expect(() => nextDelayMs(1.5, undefined)).toThrow(RangeError);
  });
});

describe("custom policies", () => {
  const p = (over: Partial<RetryPolicy>): RetryPolicy => retryPolicy.parse({ count: 5, backoff: "exponential", baseMs: 1000, capMs: 10_000, ...over });
  const series = (policy: RetryPolicy, random = noJitter) => Array.from({ length: policy.count + 2 }, (_, i) => nextDelayMs(i, policy, random));

  it("exponential: base*2^(n-1), capped", () => {
    expect(series(p({ backoff: "exponential" }))).toEqual([0, 1000, 2000, 4000, 8000, 10_000, null]);
  });
  it("linear: base*n, capped", () => {
    expect(series(p({ backoff: "linear", baseMs: 3000 }))).toEqual([0, 3000, 6000, 9000, 10_000, 10_000, null]);
  });
  it("fixed: base every time", () => {
    expect(series(p({ backoff: "fixed", baseMs: 2500 }))).toEqual([0, 2500, 2500, 2500, 2500, 2500, null]);
  });
  it("count 0 means only the first attempt", () => {
    expect(series(p({ count: 0 }))).toEqual([0, null]);
  });
  it("count is the number of retries after the first attempt", () => {
    const policy = p({ count: 20, backoff: "fixed" });
    expect(nextDelayMs(20, policy, noJitter)).toBe(1000);
    expect(nextDelayMs(21, policy, noJitter)).toBeNull();
  });
  it("exponential does not overflow at the maximum count", () => {
    expect(nextDelayMs(20, p({ count: 20, baseMs: 86_400_000, capMs: 7 * 86_400_000 }), noJitter)).toBe(7 * 86_400_000);
  });
  it("jitter applies to custom delays and the cap is a hard ceiling", () => {
    const policy = p({ backoff: "fixed", baseMs: 2000 });
    expect(nextDelayMs(1, policy, lowest)).toBe(1800);
    expect(nextDelayMs(1, policy, highest)).toBe(2200);
    const capped = p({ backoff: "exponential" });
    expect(nextDelayMs(5, capped, highest)).toBe(10_000); // 16 000 capped to 10 000, jitter does not push it over
    expect(nextDelayMs(5, capped, lowest)).toBe(9000);
  });
});

describe("retryPolicy schema", () => {
  const valid = { count: 3, backoff: "linear", baseMs: 1000, capMs: 60_000 };
  it("accepts a valid policy", () => expect(retryPolicy.parse(valid)).toEqual(valid));
  it("accepts a policy without capMs; a growing one then stops growing at a week", () => {
    const fixed = retryPolicy.parse({ count: 3, backoff: "fixed", baseMs: 2000 });
    expect(fixed).toEqual({ count: 3, backoff: "fixed", baseMs: 2000 });
    expect(nextDelayMs(3, fixed, () => 0.5)).toBe(2000);
    const growing = retryPolicy.parse({ count: 20, backoff: "exponential", baseMs: 86_400_000 });
    expect(nextDelayMs(2, growing, () => 0.5)).toBe(2 * 86_400_000);
    expect(nextDelayMs(20, growing, () => 0.99)).toBe(7 * 86_400_000);
  });
  it.each<[string, object, string]>([
    ["count too high", { count: 21 }, "count"],
    ["count negative", { count: -1 }, "count"],
    ["count fractional", { count: 1.5 }, "count"],
    ["unknown backoff", { backoff: "random" }, "backoff"],
    ["base too small", { baseMs: 99 }, "baseMs"],
    ["cap too small", { capMs: 999, baseMs: 100 }, "capMs"],
    ["cap too large", { capMs: 7 * 86_400_000 + 1 }, "capMs"],
    ["base above cap", { baseMs: 120_000 }, "baseMs"],
  ])("refuses %s", (_l, over, field) => {
    const r = retryPolicy.safeParse({ ...valid, ...over });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual([field]);
  });
});

describe("parseRetryAfter", () => {
  it.each<[string, string | null | undefined, number | null]>([
    ["absent (null)", null, null],
    ["absent (undefined)", undefined, null],
    ["empty", "", null],
    ["delta seconds", "120", 120_000],
    ["delta with surrounding whitespace", " 30 ", 30_000],
    ["zero means now", "0", 0],
    ["over the one-hour cap", "7200", 3_600_000],
    ["enormous number", "9".repeat(400), 3_600_000],
    ["negative", "-5", null],
    ["fractional", "1.5", null],
    ["garbage", "soon", null],
    ["digits with garbage", "10s", null],
    ["IMF-fixdate in 90 s", "Sun, 01 Jun 2025 12:01:30 GMT", 90_000],
    ["IMF-fixdate over the cap", "Mon, 02 Jun 2025 12:00:00 GMT", 3_600_000],
    ["IMF-fixdate in the past", "Sun, 01 Jun 2025 11:59:00 GMT", null],
    ["IMF-fixdate exactly now", "Sun, 01 Jun 2025 12:00:00 GMT", null],
    ["RFC 850 date", "Sunday, 01-Jun-25 12:00:10 GMT", 10_000],
    ["asctime date", "Sun Jun  1 12:00:20 2025", 20_000],
    ["date without GMT", "Sun, 01 Jun 2025 12:01:30", null],
    ["ISO date is not an HTTP-date", "2025-06-01T12:01:30Z", null],
    ["impossible date", "Sun, 31 Feb 2026 12:00:00 GMT", null],
    ["impossible time", "Sun, 01 Jun 2025 25:00:00 GMT", null],
  ])("%s", (_label, value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it("honours a custom cap", () => {
    expect(parseRetryAfter("120", NOW, 60_000)).toBe(60_000);
    expect(parseRetryAfter("Sun, 01 Jun 2025 14:00:00 GMT", NOW, 86_400_000)).toBe(2 * 3_600_000);
  });

  it("resolves RFC 850 two-digit years relative to now", () => {
    expect(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT", NOW)).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
    expect(parseHttpDate("Monday, 01-Jan-40 00:00:00 GMT", NOW)).toBe(Date.UTC(2040, 0, 1));
  });
});

describe("classifyResponse", () => {
  const soon = "Sun, 01 Jun 2025 12:00:45 GMT";
  it.each<[string, number | null, string | null, ReturnType<typeof classifyResponse>]>([
    ["200", 200, null, { kind: "success" }],
    ["204", 204, null, { kind: "success" }],
    ["299", 299, null, { kind: "success" }],
    ["200 ignores Retry-After", 200, "60", { kind: "success" }],
    ["301 (redirects are not followed)", 301, null, { kind: "retry", afterMs: null }],
    ["304", 304, null, { kind: "retry", afterMs: null }],
    ["400", 400, null, { kind: "retry", afterMs: null }],
    ["404", 404, null, { kind: "retry", afterMs: null }],
    ["410 stops", 410, null, { kind: "stop", reason: "target answered 410 Gone" }],
    ["410 stops even with Retry-After", 410, "60", { kind: "stop", reason: "target answered 410 Gone" }],
    ["429 without Retry-After", 429, null, { kind: "retry", afterMs: null }],
    ["429 with Retry-After seconds", 429, "60", { kind: "retry", afterMs: 60_000 }],
    ["429 with Retry-After date", 429, soon, { kind: "retry", afterMs: 45_000 }],
    ["429 with garbage Retry-After", 429, "later", { kind: "retry", afterMs: null }],
    ["500", 500, null, { kind: "retry", afterMs: null }],
    ["500 ignores Retry-After", 500, "60", { kind: "retry", afterMs: null }],
    ["503 with Retry-After", 503, "120", { kind: "retry", afterMs: 120_000 }],
    ["503 with Retry-After over the cap", 503, "86400", { kind: "retry", afterMs: 3_600_000 }],
    ["503 without Retry-After", 503, null, { kind: "retry", afterMs: null }],
    ["network error", null, null, { kind: "retry", afterMs: null }],
  ])("%s", (_label, status, retryAfter, expected) => {
    expect(classifyResponse(status, retryAfter, NOW)).toEqual(expected);
  });
});
