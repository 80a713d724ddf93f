/**
 * The headers a forward sends: the captured request's own headers, minus those that only
 * describe the hop between the sender and us, plus provenance and idempotency headers.
 * Names keep their original case and order, and duplicates stay separate pairs, because
 * receivers that verify signatures or parse repeated headers may depend on them.
 */

/** RFC 9110 §7.6.1 connection-specific fields, plus the de-facto Proxy-Connection. They describe the
 *  inbound connection (framing, upgrades, proxy credentials meant for the sender's proxy). */
const HOP_BY_HOP = [
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "proxy-authorization",
  "proxy-authenticate",
];

/** Host would name us, not the target; Content-Length is recomputed by the client from the exact
 *  body bytes (a stale one would desynchronise the framing). */
const FRAMING = ["host", "content-length"];

/** Whether the sender sets this header itself (framing) or it describes only one hop: an edited
 *  replay's header list may not contain it. */
export function isConnectionHeader(name: string): boolean {
  const n = name.toLowerCase();
  return HOP_BY_HOP.includes(n) || FRAMING.includes(n);
}

/** Headers this module sets itself: copies from the sender are dropped so the target sees one
 *  authoritative value (a sender must not spoof our request id or fork the idempotency key). */
const OWN = ["x-forwarded-for", "x-forwarded-host", "idempotency-key", "x-webhook-inbox-request-id"];

export type OutboundHeaderOptions = {
  sourceIp: string;
  originalHost: string | null;
  requestId: string;
  /** Defaults to the request id; a replay uses its own delivery id, so receivers that dedupe on
   *  the key do not drop a deliberate resend. */
  idempotencyKey?: string;
  extra: [string, string][];
  remove: string[];
};

export function outboundHeaders(original: [string, string][], opts: OutboundHeaderOptions): [string, string][] {
  const lower = (s: string) => s.toLowerCase();
  // Connection can name further hop-by-hop headers ("Connection: keep-alive, X-Trace").
  const connectionListed = original
    .filter(([n]) => lower(n) === "connection")
    .flatMap(([, v]) => v.split(","))
    .map((t) => lower(t.trim()))
    .filter(Boolean);
  const framing = new Set([...HOP_BY_HOP, ...FRAMING]);
  const removed = new Set(opts.remove.map(lower));
  const dropped = new Set([...framing, ...connectionListed, ...removed, ...OWN]);

  const out: [string, string][] = original.filter(([n]) => !dropped.has(lower(n))).map(([n, v]) => [n, v]);

  // `remove` also applies to the headers added here (a rule may want no X-Forwarded-For for
  // privacy); it does not apply to `extra`, which the same rule asked for explicitly.
  const add = (name: string, value: string) => {
    if (!removed.has(lower(name))) out.push([name, value]);
  };
  // Append to the chain the sender (or its proxies) built, as a proxy would: "client, proxy1, us-seen ip".
  // (Unless Connection named it: then it described only the previous hop.)
  const chain = original
    .filter(([n]) => lower(n) === "x-forwarded-for" && !connectionListed.includes("x-forwarded-for"))
    .flatMap(([, v]) => v.split(","))
    .map((t) => t.trim())
    .filter(Boolean);
  add("X-Forwarded-For", [...chain, opts.sourceIp].join(", "));
  if (opts.originalHost !== null) add("X-Forwarded-Host", opts.originalHost);
  // The request id is stable across retries of the same forward, which is what a receiver needs to
  // deduplicate; it replaces any Idempotency-Key the sender used.
  add("Idempotency-Key", opts.idempotencyKey ?? opts.requestId);
  add("X-Webhook-Inbox-Request-Id", opts.requestId);

  // Extras are appended (not merged): a rule replaces a header by listing it in `remove` too.
  // Framing headers are still refused here, whatever the rule's validation let through.
  for (const [n, v] of opts.extra) if (!framing.has(lower(n))) out.push([n, v]);
  return out;
}
