import { randomBytes } from "node:crypto";
import { encode, keyFor, mac } from "./codec";
import { firstHeader, type HeaderPairs } from "./headers";
import { schemeFor } from "./schemes";
import type { VerificationSetting } from "./settings";

/**
 * Fresh signature headers for a replay, so a local receiver verifying with the endpoint's secret
 * accepts it: a current timestamp (where the scheme has one) and a signature over the exact bytes
 * being sent. Works for every scheme; for GitHub and Shopify (no timestamp) it only matters when
 * the body was edited. The caller replaces headers of the same names (case-insensitively).
 */
export type ResignRequest = {
  /** The captured request's headers: Standard Webhooks keeps its message id and header family. */
  headers: HeaderPairs;
  body: Uint8Array;
  nowMs: number;
  /** A Standard Webhooks message id to use instead of the captured one. */
  id?: string;
};

/** `secret`: the newest decrypted secret of the setting. */
export function resignHeaders(setting: VerificationSetting, secret: string, request: ResignRequest): [string, string][] {
  const scheme = schemeFor(setting);
  const key = keyFor(secret, scheme.keying);
  if (!key) throw new Error(`The ${scheme.name} secret cannot be read as ${scheme.keying}`);
  const timestamp = Math.floor(request.nowMs / 1000);
  const id = setting.scheme === "standard-webhooks" ? messageId(request) : "";
  const [before, after] = scheme.frame(timestamp, id);
  const signature = encode(mac(scheme.algorithm, key, before, request.body, after), scheme.encoding);
  return scheme.write(signature, timestamp, id, request.headers);
}

/** Keeping the captured id is what a provider's own redelivery does (receivers dedupe on it). */
function messageId(request: ResignRequest): string {
  const captured = firstHeader(request.headers, "webhook-id") ?? firstHeader(request.headers, "svix-id");
  return request.id ?? captured ?? `msg_${randomBytes(16).toString("base64url")}`;
}
