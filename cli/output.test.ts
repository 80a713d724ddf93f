import { describe, expect, it } from "vitest";
import { Output, type ForwardLine } from "./output";

const sink = (isTTY = false) => {
  const lines: string[] = [];
  return { lines, isTTY, write: (t: string) => lines.push(t) };
};
const line: ForwardLine = {
  endpoint: "stripe", requestId: "r1", seq: 7, method: "POST", path: "/hooks?x=1", target: "http://localhost:4000/hooks", status: 200, durationMs: 12, error: null, attempts: 1,
};
const at = new Date(2026, 11, 1, 9, 5, 3, 42);

describe("Output", () => {
  it("prints one readable line per request: time, method, path, status, duration", () => {
    const out = sink();
    new Output({ json: false, showEndpoint: false, out, now: () => at }).forwarded(line);
    expect(out.lines).toEqual(["09:05:03.042  POST /hooks?x=1  200  12 ms\n"]);
  });

  it("names the endpoint when several are followed, and says why a request failed", () => {
    const out = sink();
    new Output({ json: false, showEndpoint: true, out, now: () => at }).forwarded({ ...line, status: null, error: "connection refused", attempts: 6 });
    expect(out.lines).toEqual(["09:05:03.042  [stripe] POST /hooks?x=1  failed: connection refused (6 tries)  12 ms\n"]);
  });

  it("colours only on a terminal", () => {
    const tty = sink(true);
    new Output({ json: false, showEndpoint: false, out: tty, now: () => at }).forwarded(line);
    const plain = tty.lines[0].replace(/\x1b\[\d+m/g, "");
    expect(plain).toBe("09:05:03.042  POST /hooks?x=1  200  12 ms\n");
    if (!process.env.NO_COLOR) expect(tty.lines[0]).not.toBe(plain);
  });

  it("writes JSON lines with --json, and what it is doing to stderr", () => {
    const out = sink(true);
    const err = sink();
    const o = new Output({ json: true, showEndpoint: false, out, err, now: () => at });
    o.forwarded(line);
    o.info("resuming");
    expect(JSON.parse(out.lines[0])).toEqual({ time: at.toISOString(), ...line });
    expect(err.lines).toEqual(["resuming\n"]);
  });
});
