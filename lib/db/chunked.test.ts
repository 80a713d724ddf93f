import { describe, expect, it } from "vitest";
import { inChunks } from "./chunked";

describe("inChunks", () => {
  it("reads every item once, in chunks of at most the given size, results in order", async () => {
    const seen: number[][] = [];
    const out = await inChunks(Array.from({ length: 7 }, (_, i) => i), async (chunk) => (seen.push(chunk), chunk.map((n) => n * 10)), 3);
    expect(seen).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(out).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(await inChunks([], async () => [1])).toEqual([]);
  });
});
