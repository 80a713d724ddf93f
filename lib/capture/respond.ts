import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError, toErrorEnvelope, type ErrorCode } from "@/lib/http/errors";
import { metrics } from "@/lib/ops/metrics";
import type { ResponseSettings } from "@/lib/endpoints/settings";

/**
 * Every answer on the inbound path carries these, whatever the endpoint configured: the sandbox
 * makes a browser treat the page as an opaque origin with scripts, forms and plugins off, so a
 * configured HTML or JavaScript body can never run with the dashboard's cookies or storage, and
 * nosniff stops it being reinterpreted as script or style. (Configured headers that could undo
 * this are refused: lib/endpoints/response-policy.ts.)
 */
export const INBOUND_SECURITY_HEADERS = [
  "Content-Security-Policy", "sandbox; default-src 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options", "nosniff",
];

// Statuses whose answers carry no content at all (RFC 9110): no body and no Content-Length.
const NO_CONTENT = new Set([204, 304]);
// Browser destinations that would render the answer as a document.
const DOCUMENT_DEST = new Set(["document", "iframe", "frame", "embed", "object"]);
const ACTIVE_TYPE = /html|xml|svg/i;

/** Sends the endpoint's configured response; headers go out in the configured order. */
export function sendConfigured(req: IncomingMessage, res: ServerResponse, settings: ResponseSettings, requestId: string) {
  const body = settings.body ?? JSON.stringify({ ok: true, id: requestId });
  const headers = settings.headers.flat();
  const typeAt = settings.headers.findIndex(([n]) => n.toLowerCase() === "content-type");
  const type = typeAt === -1 ? (settings.body === null ? "application/json" : "text/plain; charset=utf-8") : settings.headers[typeAt][1];
  // A browser navigating here gets markup as text: even sandboxed, an HTML answer could still send
  // its visitor elsewhere (<meta http-equiv=refresh>) from this origin. Senders are not browsers
  // and get the configured type.
  const asText = DOCUMENT_DEST.has(String(req.headers["sec-fetch-dest"])) && ACTIVE_TYPE.test(type);
  if (typeAt === -1) headers.push("Content-Type", type);
  else if (asText) headers[typeAt * 2 + 1] = "text/plain; charset=utf-8";
  headers.push(...INBOUND_SECURITY_HEADERS);
  const empty = NO_CONTENT.has(settings.status);
  if (!empty) headers.push("Content-Length", String(Buffer.byteLength(body)));
  res.writeHead(settings.status, headers);
  // A string, not a Buffer: Node then sends head and body in one plain write (a Buffer goes out
  // through writev with a second chunk).
  res.end(empty || req.method === "HEAD" ? undefined : body);
}

/**
 * An inbound request answered without being stored: every such answer leaves through here, so
 * this is where rejections are counted (by error code) for /metrics.
 */
export function sendError(res: ServerResponse, code: ErrorCode, message: string, extra: Record<string, string> = {}) {
  metrics().captureRejected(code);
  writeError(res, code, message, extra);
}

/** JSON error in the app's envelope, from the fast paths outside Next (not counted as a capture). */
export function writeError(res: ServerResponse, code: ErrorCode, message: string, extra: Record<string, string> = {}) {
  writeThrown(res, new HttpError(code, message, undefined, extra));
}

/** Any thrown value as the app's JSON error answer (status, envelope, headers), from the fast paths outside Next. */
export function writeThrown(res: ServerResponse, err: unknown) {
  if (res.headersSent) return res.destroy();
  // The same envelope and status as every API error, from the one mapper.
  const { status, body: envelope, headers } = toErrorEnvelope(err);
  const body = JSON.stringify(envelope);
  res.writeHead(status, [
    "Content-Type", "application/json", "Content-Length", String(Buffer.byteLength(body)),
    ...INBOUND_SECURITY_HEADERS, ...Object.entries(headers ?? {}).flat(),
  ]);
  res.end(body);
}
