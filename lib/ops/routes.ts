import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { writeError } from "@/lib/capture/respond";
import { log } from "@/lib/log/logger";
import type { Metrics } from "./metrics";
import type { ReadinessCheck } from "./readiness";

const PATHS = new Set(["/healthz", "/readyz", "/metrics"]);

/**
 * /healthz, /readyz and /metrics, served by server.ts before Next (cheap, never captured, no
 * session). Returns false for any other path.
 */
export function opsRoutes(deps: { readiness: ReadinessCheck; metrics: Metrics; metricsToken?: string }) {
  const token = deps.metricsToken ? digest(deps.metricsToken) : null;

  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? "";
    const q = url.indexOf("?");
    const path = q === -1 ? url : url.slice(0, q);
    if (!PATHS.has(path)) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      writeError(res, "method_not_allowed", `${path} answers GET and HEAD`, { Allow: "GET, HEAD" });
      return true;
    }
    if (path === "/healthz") send(req, res, 200, "application/json", JSON.stringify({ status: "ok" }));
    else if (path === "/readyz") {
      void deps.readiness.check().then(({ ready, checks }) =>
        send(req, res, ready ? 200 : 503, "application/json", JSON.stringify({ status: ready ? "ready" : "not_ready", checks })),
      );
    } else if (token && !bearerMatches(req.headers.authorization, token)) {
      writeError(res, "unauthorized", "GET /metrics needs Authorization: Bearer <METRICS_TOKEN>", { "WWW-Authenticate": 'Bearer realm="metrics"' });
    } else {
      deps.metrics.registry.metrics().then(
        (text) => send(req, res, 200, deps.metrics.registry.contentType, text),
        (err) => {
          log().error({ err }, "metrics collection failed");
          writeError(res, "internal", "Metrics could not be collected");
        },
      );
    }
    return true;
  };
}

function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string) {
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body), "Cache-Control": "no-store" });
  res.end(req.method === "HEAD" ? undefined : body);
}

// Digests have equal length, which timingSafeEqual needs, whatever was sent.
const digest = (s: string) => createHash("sha256").update(s).digest();

function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return !!m && timingSafeEqual(digest(m[1]), expected);
}
