import { describe, expect, it } from "vitest";
import { goodbyeFrame, openStreams } from "./open-streams";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe("goodbyeFrame", () => {
  it("is an SSE retry hint spread between 1 and 5 s", () => {
    expect(text(goodbyeFrame(() => 0))).toBe("retry: 1000\n: server shutting down\n\n");
    expect(text(goodbyeFrame(() => 0.999))).toBe("retry: 4996\n: server shutting down\n\n");
  });
});

describe("openStreams", () => {
  it("counts open streams, ends them all with a retry hint, and ends at once any opened afterwards", () => {
    const streams = openStreams();
    const ended: string[] = [];
    const untrackA = streams.add((g) => ended.push(`a ${text(g).split("\n")[0]}`));
    streams.add((g) => ended.push(`b ${text(g).split("\n")[0]}`));
    const untrackC = streams.add(() => ended.push("c"));
    expect(streams.size).toBe(3);
    untrackC(); // the client left on its own
    expect(streams.size).toBe(2);

    expect(streams.ending.aborted).toBe(false);
    expect(streams.closeAll()).toBe(2);
    expect(streams.ending.aborted).toBe(true);
    expect(streams.size).toBe(0);
    expect(ended).toHaveLength(2);
    expect(ended.every((e) => /^[ab] retry: \d{4}$/.test(e))).toBe(true);
    untrackA(); // harmless after closeAll

    streams.add(() => ended.push("late"));
    expect(ended.at(-1)).toBe("late");
    expect(streams.size).toBe(0);
  });
});
