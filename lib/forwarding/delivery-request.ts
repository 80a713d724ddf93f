import { outboundRequest } from "./outbound-request";
import type { RetryPolicy } from "./retry-policy";
import type { SendRequest } from "./send";

type StoredRequest = { id: string; method: string; path: string; query: string; headers: string; ip: string; body: Uint8Array };
type StoredRule = { targetUrl: string; addHeaders: string; removeHeaders: string; timeoutMs: number; retry: string | null };
/** What a delivery carries itself (a replay's); null fields fall back to the rule and the request. */
type Carried = { targetUrl: string | null; method: string | null; headers: string | null; body: Uint8Array | null; timeoutMs: number | null };

/** A replay is sent once: the user is watching for the answer, and can send it again. */
export const NO_RETRIES: RetryPolicy = { count: 0, backoff: "fixed", baseMs: 1000, capMs: 1000 };
export const REPLAY_TIMEOUT_MS = 15_000;

/**
 * What one delivery sends. A rule's delivery is built from the rule as it is at send time (its
 * target template, added and removed headers, timeout, retry policy); a replay carries its own URL
 * and header list, fixed when it was created, and the body only when it was edited.
 */
export function deliveryRequest(d: Carried, request: StoredRequest, rule: StoredRule | null): SendRequest & { policy: RetryPolicy | undefined } {
  const body = d.body ?? request.body;
  const method = d.method ?? request.method;
  if (d.targetUrl !== null && d.headers !== null) {
    return { url: d.targetUrl, method, body, headers: JSON.parse(d.headers) as [string, string][], timeoutMs: d.timeoutMs ?? REPLAY_TIMEOUT_MS, policy: NO_RETRIES };
  }
  if (!rule) throw new Error("A delivery without a rule must carry its target URL and headers");
  const target = { targetUrl: rule.targetUrl, add: JSON.parse(rule.addHeaders) as [string, string][], remove: JSON.parse(rule.removeHeaders) as string[] };
  return {
    ...outboundRequest(target, request),
    method,
    body,
    timeoutMs: rule.timeoutMs,
    policy: rule.retry ? (JSON.parse(rule.retry) as RetryPolicy) : undefined,
  };
}
