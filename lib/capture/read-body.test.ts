import { EventEmitter } from "node:events";
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { BodyTooLargeError, readBodyLimited } from "./read-body";

// A stand-in request: readBodyLimited only listens for events and reads content-length.
function fakeRequest(contentLength?: number) {
  const req = new EventEmitter() as EventEmitter & { headers: Record<string, string> };
  req.headers = contentLength === undefined ? {} : { "content-length": String(contentLength) };
  return req as unknown as IncomingMessage & EventEmitter;
}
const listeners = (req: EventEmitter) => ["data", "end", "error", "aborted"].map((e) => req.listenerCount(e));

describe("readBodyLimited", () => {
  it("joins the chunks and stops listening at the end", async () => {
    const req = fakeRequest();
    const body = readBodyLimited(req, 10);
    req.emit("data", Buffer.from([0, 1]));
    req.emit("data", Buffer.from([255]));
    req.emit("end");
    expect(await body).toEqual(Buffer.from([0, 1, 255]));
    expect(listeners(req)).toEqual([0, 0, 0, 0]);
  });

  it("rejects at once past the limit, and keeps nothing", async () => {
    const req = fakeRequest();
    const body = readBodyLimited(req, 3);
    req.emit("data", Buffer.from("ab"));
    req.emit("data", Buffer.from("cd"));
    await expect(body).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(listeners(req)).toEqual([0, 0, 0, 0]);
  });

  it("rejects a declared Content-Length over the limit before reading", async () => {
    const req = fakeRequest(11);
    await expect(readBodyLimited(req, 10)).rejects.toThrow("exceeds the 10-byte limit");
    expect(listeners(req)).toEqual([0, 0, 0, 0]);
  });

  it("rejects on a stream error or an aborted request", async () => {
    const broken = fakeRequest();
    const a = readBodyLimited(broken, 10);
    broken.emit("error", new Error("socket hang up"));
    await expect(a).rejects.toThrow("socket hang up");

    const aborted = fakeRequest();
    const b = readBodyLimited(aborted, 10);
    aborted.emit("aborted");
    await expect(b).rejects.toThrow("request aborted");
    expect([...listeners(broken), ...listeners(aborted)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("keeps concurrent reads apart", async () => {
    const [r1, r2] = [fakeRequest(), fakeRequest()];
    const [b1, b2] = [readBodyLimited(r1, 10), readBodyLimited(r2, 10)];
    r2.emit("data", Buffer.from("two"));
    r1.emit("data", Buffer.from("one"));
    r1.emit("end");
    r2.emit("end");
    expect([(await b1).toString(), (await b2).toString()]).toEqual(["one", "two"]);
  });
});
