import { parseJson } from "./codec";
import { firstHeader, type HeaderPairs } from "./headers";

/**
 * The id a provider gives one delivery and repeats on its retries, so a second capture with the
 * same id on an endpoint can be flagged as a duplicate. Ids the sender keeps across retries only:
 * - webhook-id / svix-id (Standard Webhooks, Svix), X-GitHub-Delivery (kept by GitHub's
 *   "redeliver"), X-Shopify-Webhook-Id;
 * - Stripe: the event id (`"id": "evt_..."` at the top of the JSON body) when Stripe-Signature is present;
 * - Slack: the Events API `event_id` in the JSON body (the timestamp is not an id: retries re-sign
 *   with a new one); other Slack payloads (slash commands, interactivity) carry no delivery id;
 * - Idempotency-Key (IETF httpapi draft): by definition the same on every retry, so generic senders
 *   that set it are covered.
 * X-Request-Id is not used: proxies and load balancers assign it per hop and per attempt, so it
 * would miss real duplicates and could collide across unrelated senders.
 */
export type DeliveryId = { source: string; id: string };

const HEADER_SOURCES = ["webhook-id", "svix-id", "X-GitHub-Delivery", "X-Shopify-Webhook-Id"];
// Longer values are not ids a provider sends; storing them would let a sender bloat every row.
const MAX_ID_LENGTH = 200;

export function providerDeliveryId(headers: HeaderPairs, body: Uint8Array): DeliveryId | null {
  const usable = (id: unknown): id is string => typeof id === "string" && id.length > 0 && id.length <= MAX_ID_LENGTH;
  for (const source of HEADER_SOURCES) {
    const id = firstHeader(headers, source);
    if (usable(id)) return { source, id };
  }
  if (firstHeader(headers, "Stripe-Signature") !== undefined) {
    const id = topLevel(body, "id");
    if (usable(id) && id.startsWith("evt_")) return { source: "stripe-event", id };
  }
  if (firstHeader(headers, "X-Slack-Signature") !== undefined) {
    const id = topLevel(body, "event_id");
    if (usable(id)) return { source: "slack-event", id };
  }
  const key = firstHeader(headers, "Idempotency-Key");
  return usable(key) ? { source: "Idempotency-Key", id: key } : null;
}

/** A top-level field of a JSON object body; undefined for anything else (binary, not JSON, arrays). */
function topLevel(body: Uint8Array, field: string): unknown {
  const value = parseJson(body);
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>)[field] : undefined;
}
