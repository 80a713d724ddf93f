import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

// What a proxy's id may look like (nginx $request_id, ALB/Heroku/Envoy ids): short, no spaces or
// control characters, so it can neither forge log lines nor bloat them.
const FORWARDED_ID = /^[\w.:@+=/-]{1,128}$/;

/**
 * The id under which one HTTP request is logged. Behind a trusted proxy (TRUST_PROXY) the proxy's
 * `X-Request-Id` is kept, so its access log and ours join on one value; otherwise a sender could
 * pick ids that collide with other requests' ones, so a fresh UUID is used.
 */
export function requestIdFor(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? req.headers["x-request-id"] : undefined;
  return typeof forwarded === "string" && FORWARDED_ID.test(forwarded) ? forwarded : randomUUID();
}
