import type { ServerResponse } from "node:http";
import { HttpError, toErrorEnvelope, type ErrorCode } from "@/lib/http/errors";
import type { ResponseSettings } from "@/lib/endpoints/settings";

/** Sends the endpoint's configured response; headers go out in the configured order. */
export function sendConfigured(res: ServerResponse, settings: ResponseSettings, requestId: string, isHead: boolean) {
  const body = settings.body ?? JSON.stringify({ ok: true, id: requestId });
  const headers = settings.headers.flat();
  const hasType = settings.headers.some(([n]) => n.toLowerCase() === "content-type");
  if (!hasType) headers.push("Content-Type", settings.body === null ? "application/json" : "text/plain; charset=utf-8");
  headers.push("Content-Length", String(Buffer.byteLength(body)));
  res.writeHead(settings.status, headers);
  // A string, not a Buffer: Node then sends head and body in one plain write (a Buffer goes out
  // through writev with a second chunk).
  res.end(isHead ? undefined : body);
}

/** JSON error in the app's envelope, from the fast path (outside Next). */
export function sendError(res: ServerResponse, code: ErrorCode, message: string, extra: Record<string, string> = {}) {
  if (res.headersSent) return res.destroy();
  // The same envelope and status as every API error, from the one mapper.
  const { status, body: envelope } = toErrorEnvelope(new HttpError(code, message));
  const body = JSON.stringify(envelope);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), ...extra });
  res.end(body);
}
