import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "@/lib/log/logger";
import { createMetrics } from "./metrics";
import { authClass, observeRequest } from "./observe-request";

const req = (url: string, headers: Record<string, string> = {}) => ({ url, method: "GET", headers }) as unknown as IncomingMessage;
function res(status: number, headersSent = true) {
  return Object.assign(new EventEmitter(), { statusCode: status, headersSent }) as unknown as ServerResponse;
}
function setup(level = "info") {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write: (c, _e, cb) => (lines.push(JSON.parse(String(c))), cb()) });
  return { lines, deps: { metrics: createMetrics(), log: createLogger({ LOG_LEVEL: level as "info", LOG_FORMAT: "json" }, sink) } };
}

describe("authClass", () => {
  it("tells tokens, sessions and anonymous callers apart", () => {
    expect(authClass(req("/api/v1/x", { authorization: "Bearer abc" }))).toBe("token");
    expect(authClass(req("/api/x", { cookie: "a=1; __Secure-next-auth.session-token=xyz" }))).toBe("session");
    expect(authClass(req("/api/x", { cookie: "a=1" }))).toBe("anonymous");
  });
});

describe("observeRequest", () => {
  it("logs and counts an /api call when it ends, without its query string", async () => {
    const { lines, deps } = setup();
    const r = res(404);
    observeRequest(req("/api/endpoints/e1?token=s3cret", { cookie: "next-auth.session-token=abc" }), r, "rid-1", deps);
    expect(lines).toEqual([]);
    r.emit("close");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "info", msg: "api request", reqId: "rid-1", method: "GET", path: "/api/endpoints/e1", status: "404", auth: "session" });
    expect(JSON.stringify(lines)).not.toContain("s3cret");
    expect(await deps.metrics.registry.metrics()).toContain('webhook_inbox_api_requests_total{auth="session",status="404"} 1');
  });

  it("counts a call that ended before any answer as status none", async () => {
    const { deps } = setup();
    const r = res(200, false);
    observeRequest(req("/api/x"), r, "rid", deps);
    r.emit("close");
    expect(await deps.metrics.registry.metrics()).toContain('webhook_inbox_api_requests_total{auth="anonymous",status="none"} 1');
  });

  it("logs pages only at debug level", () => {
    const quiet = setup("info");
    const r1 = res(200);
    observeRequest(req("/endpoints"), r1, "rid", quiet.deps);
    r1.emit("close");
    expect(quiet.lines).toEqual([]);

    const verbose = setup("debug");
    const r2 = res(200);
    observeRequest(req("/endpoints"), r2, "rid", verbose.deps);
    r2.emit("close");
    expect(verbose.lines).toMatchObject([{ level: "debug", msg: "request", path: "/endpoints" }]);
  });
});
