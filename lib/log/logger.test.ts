import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, withRequestId } from "./logger";

function capture(level = "info") {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { lines, logger: createLogger({ LOG_LEVEL: level as "info", LOG_FORMAT: "json" }, sink) };
}

describe("logger", () => {
  it("writes one JSON object per line with an ISO time, the level name and the message", () => {
    const { lines, logger } = capture();
    logger.info({ port: 3000 }, "listening");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "info", msg: "listening", port: 3000, pid: process.pid });
    expect(String(lines[0].time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("honours the level", () => {
    const { lines, logger } = capture("warn");
    logger.info("quiet");
    logger.debug("quieter");
    logger.warn("heard");
    expect(lines.map((l) => l.msg)).toEqual(["heard"]);
  });

  it("tags every line logged inside a request, also after awaits, with its request id", async () => {
    const { lines, logger } = capture();
    await withRequestId("req-1", async () => {
      logger.info("before");
      await new Promise((r) => setTimeout(r, 1));
      logger.info("after");
    });
    logger.info("outside");
    expect(lines.map((l) => [l.msg, l.reqId])).toEqual([["before", "req-1"], ["after", "req-1"], ["outside", undefined]]);
  });

  it("never writes credentials, cookies or bodies, even when handed them", () => {
    const { lines, logger } = capture();
    logger.info({ headers: { authorization: "Bearer s3cret", cookie: "next-auth.session-token=abc" }, body: "payload", token: "t0k" }, "oops");
    logger.info({ user: { password: "hunter2", secret: "x" } }, "oops2");
    const text = JSON.stringify(lines);
    for (const leaked of ["s3cret", "abc", "payload", "t0k", "hunter2", '"x"']) expect(text).not.toContain(leaked);
    expect(lines[0]).toMatchObject({ headers: { authorization: "[redacted]", cookie: "[redacted]" }, body: "[redacted]" });
  });

  it("serialises errors with their type, message and stack", () => {
    const { lines, logger } = capture();
    logger.error({ err: new TypeError("bad thing") }, "failed");
    expect(lines[0].err).toMatchObject({ type: "TypeError", message: "bad thing" });
    expect(String((lines[0].err as { stack: string }).stack)).toContain("logger.test.ts");
  });
});
