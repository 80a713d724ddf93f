import { describe, expect, it } from "vitest";
import { RawRequestError, RawRequestParser, type RawHead } from "./raw-request";

/** Feeds `bytes` in pieces of `step` bytes; returns what the parser reported. */
function parse(bytes: string | Buffer, step = Infinity) {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, "latin1");
  let head: RawHead | undefined;
  const body: Buffer[] = [];
  let ended = 0;
  const parser = new RawRequestParser({ head: (h) => (head = h), body: (c) => body.push(Buffer.from(c)), end: () => ended++ });
  for (let i = 0; i < buf.length; i += Math.min(step, buf.length)) parser.feed(buf.subarray(i, i + step));
  return { head, body: Buffer.concat(body), ended, done: parser.done };
}

const errorOf = (bytes: string) => {
  try {
    parse(bytes);
  } catch (err) {
    if (err instanceof RawRequestError) return { status: err.status, message: err.message };
    throw err;
  }
  return null;
};

describe("RawRequestParser", () => {
  const fixed = "FOO /h/abc/x?y=1 HTTP/1.1\r\nHost: a\r\nX-A:  spaced  \r\nx-a: 2\r\nContent-Length: 4\r\n\r\n\x00\xff\r\n";
  const chunked = "BAR /h/abc HTTP/1.0\r\nTransfer-Encoding: Chunked\r\n\r\n3;name=v\r\nabc\r\n1\r\n\n\r\n0\r\nTrailer: 1\r\n\r\n";

  it("reads head and Content-Length body, the same whole or one byte at a time", () => {
    for (const step of [Infinity, 1, 7]) {
      const r = parse(fixed, step);
      expect(r.head).toEqual({ method: "FOO", target: "/h/abc/x?y=1", httpMinor: 1, rawHeaders: ["Host", "a", "X-A", "spaced", "x-a", "2", "Content-Length", "4"] });
      expect(r.body).toEqual(Buffer.from([0, 255, 13, 10]));
      expect([r.ended, r.done]).toEqual([1, true]);
    }
  });

  it("de-chunks, ignoring extensions and trailers, whatever the packet boundaries", () => {
    for (const step of [Infinity, 1, 5]) {
      const r = parse(chunked, step);
      expect(r.head?.httpMinor).toBe(0);
      expect(r.body.toString("latin1")).toBe("abc\n");
      expect(r.ended).toBe(1);
    }
  });

  it("ends at once without a body, and ignores bytes after the end", () => {
    const r = parse("FOO /h/a HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\n\r\n");
    expect(r.head?.rawHeaders).toEqual(["Host", "a"]);
    expect([r.body.length, r.ended, r.done]).toEqual([0, 1, true]);
    expect(parse("FOO /h/a HTTP/1.1\r\nContent-Length: 0\r\n\r\n").ended).toBe(1);
  });

  it("waits for more bytes rather than guessing", () => {
    const r = parse("FOO /h/a HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
    expect([r.body.toString(), r.ended, r.done]).toEqual(["abc", 0, false]);
    expect(parse("FOO /h/a HTTP/1.1\r\nHost: a\r\n").head).toBeUndefined();
  });

  it.each([
    ["a request line without a version", "FOO /h/a\r\n\r\n", 400],
    ["HTTP/2 on the request line", "FOO /h/a HTTP/2.0\r\n\r\n", 400],
    ["a target that is not origin-form", "FOO http://x/h/a HTTP/1.1\r\n\r\n", 400],
    ["a space in the target", "FOO /h/a b HTTP/1.1\r\n\r\n", 400],
    ["a method longer than 64 characters", `${"F".repeat(65)} /h/a HTTP/1.1\r\n\r\n`, 400],
    ["a header without a colon", "FOO /h/a HTTP/1.1\r\nNoColon\r\n\r\n", 400],
    ["a header name with a space", "FOO /h/a HTTP/1.1\r\nBad Name: 1\r\n\r\n", 400],
    ["obsolete line folding", "FOO /h/a HTTP/1.1\r\nA: 1\r\n 2\r\n\r\n", 400],
    ["a NUL in a header value", "FOO /h/a HTTP/1.1\r\nA: x\x00y\r\n\r\n", 400],
    ["Content-Length with Transfer-Encoding", "FOO /h/a HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400],
    ["two different Content-Lengths", "FOO /h/a HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400],
    ["a signed Content-Length", "FOO /h/a HTTP/1.1\r\nContent-Length: +1\r\n\r\n", 400],
    ["a transfer coding other than chunked", "FOO /h/a HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 400],
    ["a chunk size that is not hex", "FOO /h/a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400],
    ["chunk data not followed by CRLF", "FOO /h/a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n", 400],
    ["a head over 16 KiB", `FOO /h/a HTTP/1.1\r\nA: ${"x".repeat(16 * 1024)}\r\n\r\n`, 431],
    ["an unterminated head over 16 KiB", `FOO /h/a HTTP/1.1\r\nA: ${"x".repeat(16 * 1024)}`, 431],
  ])("refuses %s", (_what, bytes, status) => {
    expect(errorOf(bytes)?.status).toBe(status);
  });
});
