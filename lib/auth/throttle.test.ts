import { describe, expect, it } from "vitest";
import { HttpError } from "@/lib/http/errors";
import { AuthThrottle } from "./throttle";

function retryAfter(fn: () => void): number | null {
  try {
    fn();
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(429);
    return Number((err as HttpError).headers?.["Retry-After"]);
  }
}

describe("AuthThrottle", () => {
  it("lets 20 attempts from one address through at once, then 10 a minute", () => {
    let now = 0;
    const t = new AuthThrottle(10, () => now);
    for (let i = 0; i < 20; i++) expect(retryAfter(() => t.attempt("1.2.3.4", `u${i}@x.test`))).toBeNull();
    expect(retryAfter(() => t.attempt("1.2.3.4", "other@x.test"))).toBe(6);
    expect(retryAfter(() => t.attempt("5.6.7.8", "other@x.test"))).toBeNull(); // another address
    now += 6000;
    expect(retryAfter(() => t.attempt("1.2.3.4"))).toBeNull();
  });

  it("holds an account after 5 failures whatever the address, one more try a minute", () => {
    let now = 0;
    const t = new AuthThrottle(10, () => now);
    for (let i = 0; i < 5; i++) {
      expect(retryAfter(() => t.attempt(`10.0.0.${i}`, "Victim@x.test"))).toBeNull();
      t.failed("victim@x.test");
    }
    expect(retryAfter(() => t.attempt("10.0.0.99", "victim@x.test"))).toBe(60);
    now += 60_000;
    expect(retryAfter(() => t.attempt("10.0.0.99", "victim@x.test"))).toBeNull();
  });

  it("does not count successful sign-ins against the account", () => {
    const t = new AuthThrottle(10, () => 0);
    for (let i = 0; i < 10; i++) expect(retryAfter(() => t.attempt(`10.0.1.${i}`, "ok@x.test"))).toBeNull();
  });
});
