import { describe, expect, it } from "vitest";
import { SLUG_BYTES, SLUG_PATTERN, newSlug } from "./slug";

describe("newSlug", () => {
  it("carries at least 128 random bits in URL-safe characters", () => {
    expect(SLUG_BYTES * 8).toBeGreaterThanOrEqual(128);
    const slugs = Array.from({ length: 10_000 }, newSlug);
    for (const s of slugs) expect(s).toMatch(SLUG_PATTERN);
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(encodeURIComponent(slugs[0])).toBe(slugs[0]);
  });
});
