import { describe, expect, it } from "vitest";
import { uuidv7 } from "./request-id";

describe("uuidv7", () => {
  it("is a version-7 RFC 9562 UUID carrying the timestamp", () => {
    const id = uuidv7(0x0123456789ab);
    expect(id).toMatch(/^01234567-89ab-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("sorts by time and does not repeat", () => {
    const ids = Array.from({ length: 5000 }, (_, i) => uuidv7(1_700_000_000_000 + Math.floor(i / 10)));
    expect(new Set(ids).size).toBe(ids.length);
    const firsts = ids.filter((_, i) => i % 10 === 0);
    expect([...firsts].sort()).toEqual(firsts);
  });
});
