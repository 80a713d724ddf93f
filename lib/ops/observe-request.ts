import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "@/lib/log/logger";
import type { Metrics } from "./metrics";

export type AuthClass = "session" | "token" | "anonymous";

/** How a caller authenticated, from the headers alone (whether it was valid shows in the status). */
export function authClass(req: IncomingMessage): AuthClass {
  if (/^Bearer\s/i.test(req.headers.authorization ?? "")) return "token";
  if (req.headers.cookie?.includes("next-auth.session-token")) return "session";
  return "anonymous";
}

/**
 * One access-log line per request handed to Next, when it ends: `info` for /api calls (also
 * counted in /metrics by auth class and status), `debug` for pages and assets. Never the query
 * string (it may carry tokens), headers or bodies. Inbound captures are not logged one by one:
 * they are stored and counted, and a line per capture would cost capture throughput.
 */
export function observeRequest(req: IncomingMessage, res: ServerResponse, reqId: string, deps: { metrics: Metrics; log: Logger }) {
  const url = req.url ?? "";
  const isApi = url.startsWith("/api/");
  if (!isApi && !deps.log.isLevelEnabled("debug")) return;
  const started = performance.now();
  res.once("close", () => {
    // A client that left before any answer (or an SSE stream it closed before the headers).
    const status = res.headersSent ? String(res.statusCode) : "none";
    const auth = authClass(req);
    if (isApi) deps.metrics.apiRequest(auth, status);
    const q = url.indexOf("?");
    const line = { reqId, method: req.method, path: q === -1 ? url : url.slice(0, q), status, auth, ms: Math.round(performance.now() - started) };
    if (isApi) deps.log.info(line, "api request");
    else deps.log.debug(line, "request");
  });
}
