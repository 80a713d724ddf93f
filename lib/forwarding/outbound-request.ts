import { outboundHeaders } from "./outbound-headers";
import { buildTargetUrl } from "./target-url";

type StoredRequest = { id: string; method: string; path: string; query: string; headers: string; ip: string };
export type RuleTarget = { targetUrl: string; add: [string, string][]; remove: string[] };

/**
 * What a rule sends for a captured request (all but the body, which is always the exact stored
 * bytes): one function for the delivery engine, the rule builder's "test" preview and replays (to
 * a rule's target or a URL typed in, with the replay's own Idempotency-Key), so none can differ
 * from a real forward.
 */
export function outboundRequest(rule: RuleTarget, request: StoredRequest, opts: { idempotencyKey?: string } = {}) {
  const original = JSON.parse(request.headers) as [string, string][];
  return {
    method: request.method,
    url: buildTargetUrl(rule.targetUrl, request),
    headers: outboundHeaders(original, {
      sourceIp: request.ip,
      originalHost: original.find(([n]) => n.toLowerCase() === "host")?.[1] ?? null,
      requestId: request.id,
      idempotencyKey: opts.idempotencyKey,
      extra: rule.add,
      remove: rule.remove,
    }),
  };
}
