import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { storageFailureDetail } from "@/lib/db/errors";
import { SLUG_PATTERN } from "@/lib/endpoints/slug";
import { experimentOf } from "@/lib/experiments/marks";
import { providerDeliveryId } from "@/lib/signatures/delivery-id";
import { signatureJson } from "@/lib/signatures/verify";
import { log } from "@/lib/log/logger";
import { matches } from "@/lib/conditions/match";
import { formatBytes } from "@/lib/format/bytes";
import { closeAfterLinger } from "@/lib/http/lingering-close";
import { clientIp } from "./client-ip";
import type { EndpointCache } from "./endpoint-cache";
import type { InboundTarget } from "./inbound-target";
import type { RateLimiter } from "@/lib/http/rate-limiter";
import { BodyTooLargeError, readBodyLimited } from "./read-body";
import { describeRefused, type RejectionCounter } from "./rejections";
import { uuidv7 } from "./request-id";
import { sendConfigured, sendError } from "./respond";
import { stripDashboardCookies } from "./strip-cookies";
import { EndpointGoneError, type CaptureWriter } from "./writer";

export type InboundDeps = {
  maxBodyBytes: number;
  trustProxy: boolean;
  endpoints: EndpointCache;
  writer: CaptureWriter;
  limiter: RateLimiter;
  rejections: RejectionCounter;
};

/**
 * The inbound fast path, served by server.ts before Next: look up the endpoint, read the body
 * within the limit, commit the row (group commit), then answer as the endpoint is configured.
 * A 2xx is only ever sent after the row is durable.
 */
export async function handleInbound(deps: InboundDeps, req: IncomingMessage, res: ServerResponse, target: InboundTarget) {
  const receivedAt = new Date();
  // The stored request's id, made up front so that a failure is logged under the same id.
  const id = uuidv7(receivedAt.getTime());
  try {
    const endpoint = SLUG_PATTERN.test(target.slug) ? (deps.endpoints.peek(target.slug) ?? (await deps.endpoints.get(target.slug))) : null;
    if (!endpoint) return sendError(res, "not_found", "No endpoint at this URL");

    if (endpoint.rateLimitPerMinute) {
      const wait = deps.limiter.take(endpoint.id, endpoint.rateLimitPerMinute);
      if (wait) {
        deps.rejections.record(target.slug, "rate_limited", describeRefused(req.method, target.path));
        return sendError(res, "rate_limited", "Too many requests for this endpoint", { "Retry-After": String(wait) });
      }
    }

    const body = await readBodyLimited(req, deps.maxBodyBytes);
    const headers = stripDashboardCookies(pairs(req.rawHeaders));
    const contentType = req.headers["content-type"] ?? null;
    const method = req.method ?? "GET";
    // Over the exact received bytes, before rules run: a rule can require a valid signature.
    const signature = endpoint.verifier?.({ headers, body, nowMs: receivedAt.getTime() }) ?? null;
    const signatureStatus = signature?.status ?? "none";
    const experimentId = experimentOf(req.headers, endpoint.id);
    // A live experiment's synthetic webhooks are not forwarded: up to 30,000 of them must not reach real targets.
    const deliveries = endpoint.rules.length && !experimentId
      ? endpoint.rules
          .filter((r) => matches(r.conditions, { method, path: target.path, headers, body, contentType, signatureStatus }))
          .map((r) => ({ id: uuidv7(), ruleId: r.id, held: r.held }))
      : [];
    const committed = await deps.writer.write({
      id,
      endpointId: endpoint.id,
      method,
      path: target.path,
      query: target.query,
      headers: JSON.stringify(headers),
      body,
      contentType,
      size: body.length,
      ip: clientIp(req, deps.trustProxy),
      receivedAt,
      signatureStatus,
      signature: signature && signatureJson(signature),
      deliveryId: providerDeliveryId(headers, body)?.id ?? null,
      experimentId,
      maxRequests: endpoint.maxRequests,
      deliveries,
    });
    if (endpoint.response.delayMs) await sleep(endpoint.response.delayMs);
    sendConfigured(req, res, endpoint.response, committed.id);
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      deps.rejections.record(target.slug, "too_large", describeRefused(req.method, target.path, tooLargeDetail(req, err.limit)));
      return rejectTooLarge(req, res, err.limit);
    }
    // (Not req.destroyed: Node 20 sets it once the body has been read, which hid every failure.)
    if (res.destroyed || req.socket.destroyed) return; // the sender went away; nothing was stored
    if (err instanceof EndpointGoneError) return sendError(res, "not_found", "No endpoint at this URL");
    // Nothing was stored (full disk, database locked or unreachable): say so, and when to retry,
    // so the provider's retry lands once the cause has passed.
    log().error({ reqId: id, reason: describeStorageError(err) }, "inbound capture not stored (answered 503)");
    sendError(res, "unavailable", "The request could not be stored right now; retry later", { "Retry-After": String(CAPTURE_RETRY_AFTER_S) });
  }
}

const CAPTURE_RETRY_AFTER_S = 5;

function describeStorageError(err: unknown): string {
  const detail = storageFailureDetail(err);
  if (detail) return `${detail.message} (${detail.code})`;
  return err instanceof Error ? err.message : String(err);
}

// Before answering 413 we read (and discard) the rest of an upload up to this much, for up to this
// long: a sender still writing when the socket closes gets a TCP reset and usually never reads our
// answer. Past the budget we answer and close the connection (after a linger, see closeAfterLinger).
// Nothing read is kept.
const DRAIN_BYTES = 8 * 1024 * 1024;
const DRAIN_MS = 2000;

/**
 * 413 with the JSON envelope. `drain: false` answers at once (used for "Expect: 100-continue",
 * where the sender waits for our answer before sending the body).
 */
export function rejectTooLarge(req: IncomingMessage, res: ServerResponse, limit: number, { drain = true } = {}) {
  let answered = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const answer = (cut: boolean) => {
    if (answered) return;
    answered = true;
    clearTimeout(timer);
    if (cut) closeAfterLinger(req.socket);
    sendError(res, "payload_too_large", new BodyTooLargeError(limit).message, cut ? { Connection: "close" } : {});
  };
  const declared = Number(req.headers["content-length"]);
  if (!drain || req.complete || declared > DRAIN_BYTES) return answer(!req.complete);
  let drained = 0;
  timer = setTimeout(() => answer(true), DRAIN_MS);
  req.on("data", (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_BYTES) answer(true);
  });
  req.once("end", () => answer(false));
  req.resume();
}

/** "body of 2,516,582 bytes, over the 1.0 MiB limit" (no size when the sender did not declare it). */
export function tooLargeDetail(req: IncomingMessage, limit: number): string {
  const declared = Number(req.headers["content-length"]);
  const size = Number.isFinite(declared) && declared > limit ? `body of ${declared.toLocaleString("en-US")} bytes, ` : "body ";
  return `${size}over the ${formatBytes(limit)} limit`;
}

/** Node's rawHeaders is [name, value, name, value, ...] exactly as received. */
function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}
