import { beforeAll, describe, expect, it } from "vitest";
import { absoluteTime, clockTime, relativeTime } from "./time";

// Local-time formatting: pin the zone so the expectations hold on any machine.
beforeAll(() => { process.env.TZ = "UTC"; });

const NOW = new Date("2026-11-22T15:30:00.000Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe("time formats", () => {
  it("absolute time has milliseconds", () => {
    expect(absoluteTime(new Date("2026-11-22T09:05:03.007Z"))).toBe("2026-11-22 09:05:03.007");
  });

  it("relative time is short today and a date before", () => {
    expect(relativeTime(ago(2000), NOW)).toBe("just now");
    expect(relativeTime(ago(-5000), NOW)).toBe("just now");
    expect(relativeTime(ago(42_000), NOW)).toBe("42 s ago");
    expect(relativeTime(ago(5 * 60_000 + 10), NOW)).toBe("5 min ago");
    expect(relativeTime(ago(3 * 3_600_000), NOW)).toBe("3 h ago");
    expect(relativeTime(new Date("2026-11-21T23:59:00Z"), NOW)).toBe("Nov 21, 23:59");
    expect(relativeTime(new Date("2025-03-01T08:00:00Z"), NOW)).toBe("Mar 1 2025, 08:00");
  });

  it("clock time shows seconds today and the date otherwise", () => {
    expect(clockTime(new Date("2026-11-22T00:00:01Z"), NOW)).toBe("00:00:01");
    expect(clockTime(new Date("2026-01-02T13:04:00Z"), NOW)).toBe("Jan 2, 13:04");
  });
});
