import { createPublicKey, verify as verifyEd25519, type KeyObject } from "node:crypto";
import { decode, encode, keyFor, mac, sameBytes } from "./codec";
import { diagnose, outsideTolerance, skewSentence } from "./diagnose";
import type { HeaderPairs } from "./headers";
import { schemeFor, type Reading, type Scheme } from "./schemes";
import type { SchemeName, VerificationSetting } from "./settings";

/**
 * Signature verification of one captured request, computed at capture time over the exact bytes.
 * `prepare` does the per-setting work once (scheme lookup, secret decoding, public key import) so
 * the per-request cost is the header scan and one HMAC per secret tried.
 */
export type SecretEntry = { secret: string; hint: string };
export type SignedRequest = { headers: HeaderPairs; body: Uint8Array; nowMs: number };
export type SignatureStatus = "valid" | "invalid" | "expired" | "missing" | "none";
export type SignatureResult = {
  status: SignatureStatus;
  scheme: SchemeName | null;
  /** One plain sentence. */
  reason: string;
  /** The header that was read (or found missing). */
  header?: string;
  receivedPrefix?: string;
  /** First 8 characters of the signature computed with the newest secret. */
  expectedPrefix?: string;
  /** now - timestamp, in seconds (negative: the timestamp is in the future). */
  skewSeconds?: number;
  /** The hint of the secret that matched, or of the newest one when none did. */
  secretHint?: string;
  /** Proven explanations of a failure, or a note on a valid result (an older secret matched). */
  diagnosis: string[];
};
export type Verifier = (request: SignedRequest) => SignatureResult;
/** A secret with its key bytes decoded once; key is null when the secret does not decode. */
export type PreparedSecret = SecretEntry & { key: Buffer | null };

const PREFIX_LENGTH = 8;

export const noVerification = (): SignatureResult => ({
  status: "none",
  scheme: null,
  reason: "No signature verification is configured for this endpoint.",
  diagnosis: [],
});

/**
 * `secrets`: decrypted, newest first. `diagnose: false` skips the proofs on failure: they cost
 * about 15 HMACs and a JSON round trip (~60 µs for a 1 KiB body, ~5 ms for 90 KiB, against
 * ~9 µs for a plain verification), so capture may store the status and the detail view recompute
 * the diagnosis from the stored bytes with `verifySignature` (nowMs = the request's receipt time).
 */
export function prepare(setting: VerificationSetting, secrets: SecretEntry[], options: { diagnose?: boolean } = {}): Verifier {
  const scheme = schemeFor(setting);
  const prepared = secrets.map((s) => ({ ...s, key: keyFor(s.secret, scheme.keying) }));
  const publicKey = setting.scheme === "standard-webhooks" && setting.publicKey ? ed25519Key(setting.publicKey) : null;
  if (!prepared.length && !publicKey) {
    const reason = `No secret is configured for the ${scheme.name} verification.`;
    return () => ({ ...noVerification(), scheme: scheme.name, reason });
  }
  const explain = options.diagnose === false ? () => [] : diagnose;
  const shared: SharedResults = [];
  return (request) => check(scheme, prepared, publicKey, request, explain, shared);
}

/**
 * A valid result without a timestamp is the same for every request that matches the same secret:
 * it is built once per secret and shared, frozen (measured in the server under load: building it
 * anew cost ~3 µs per request, a quarter of what verifying at capture costs, with the HMAC).
 */
type SharedResults = (SignatureResult | undefined)[];

const sharedJson = new WeakMap<SignatureResult, string>();

/** A result as stored (JSON text); a shared result is serialised once. */
export function signatureJson(result: SignatureResult): string {
  if (!Object.isFrozen(result)) return JSON.stringify(result);
  let json = sharedJson.get(result);
  if (json === undefined) sharedJson.set(result, (json = JSON.stringify(result)));
  return json;
}

export function verifySignature(setting: VerificationSetting, secrets: SecretEntry[], request: SignedRequest): SignatureResult {
  return prepare(setting, secrets)(request);
}

function check(scheme: Scheme, secrets: PreparedSecret[], publicKey: KeyObject | null, request: SignedRequest, explain: typeof diagnose, shared: SharedResults): SignatureResult {
  const reading = scheme.read(request.headers);
  if (!reading.ok) {
    return { scheme: scheme.name, header: reading.header, status: reading.status, reason: reading.reason, diagnosis: explain(scheme, secrets, reading, request) };
  }
  const skewSeconds = reading.timestamp === null ? undefined : Math.floor(request.nowMs / 1000) - reading.timestamp;
  const received = reading.candidates.map((c) => decode(c.text, scheme.encoding));
  let first: Buffer | null = null;
  let flawedMatch = false;
  for (const [i, secret] of secrets.entries()) {
    if (!secret.key) continue;
    const expected = mac(scheme.algorithm, secret.key, reading.before, request.body, reading.after);
    first ??= expected;
    for (const [j, bytes] of received.entries()) {
      if (!sameBytes(expected, bytes)) continue;
      if (reading.candidates[j].flaw) flawedMatch = true;
      else if (skewSeconds === undefined) return (shared[i] ??= freeze(matched(scheme, reading, skewSeconds, secrets, i)));
      else return matched(scheme, reading, skewSeconds, secrets, i);
    }
  }
  if (publicKey && reading.asymmetric.some((sig) => ed25519Matches(publicKey, reading, request.body, sig))) {
    return matched(scheme, reading, skewSeconds, secrets, null);
  }
  const reason = flawedMatch
    ? `The ${reading.header} value is not in the exact ${scheme.name} format, although the signature in it matches.`
    : `The ${reading.header} signature does not match the body with ${secrets.length === 1 ? "the configured secret" : `any of the ${secrets.length} configured secrets`}.`;
  return {
    scheme: scheme.name,
    header: reading.header,
    status: "invalid",
    reason,
    secretHint: secrets[0]?.hint,
    receivedPrefix: reading.candidates[0]?.text.slice(0, PREFIX_LENGTH),
    expectedPrefix: first ? encode(first, scheme.encoding).slice(0, PREFIX_LENGTH) : undefined,
    skewSeconds,
    diagnosis: explain(scheme, secrets, reading, request),
  };
}

/** A signature matched (secret index, or null for the v1a public key): valid, or expired by its timestamp. */
function matched(scheme: Scheme, reading: Reading & { ok: true }, skewSeconds: number | undefined, secrets: PreparedSecret[], index: number | null): SignatureResult {
  const secretHint = index === null ? undefined : secrets[index].hint;
  const base = { scheme: scheme.name, header: reading.header, secretHint, skewSeconds };
  if (skewSeconds !== undefined && outsideTolerance(scheme, skewSeconds)) {
    const reason = `The signature matches, but its timestamp is outside the ${scheme.tolerance!.seconds} s tolerance.`;
    return { ...base, status: "expired", reason, diagnosis: [skewSentence(scheme, skewSeconds)] };
  }
  const by = index === null ? "the v1a public key" : secrets.length > 1 ? `secret ...${secretHint}` : "the configured secret";
  const diagnosis = index !== null && index > 0 ? [`Matches with secret ...${secretHint} (an older one, not the newest ...${secrets[0].hint}).`] : [];
  return { ...base, status: "valid", reason: `The ${reading.header} signature matches the body with ${by}.`, diagnosis };
}

function freeze(result: SignatureResult): SignatureResult {
  Object.freeze(result.diagnosis);
  return Object.freeze(result);
}

function ed25519Key(publicKey: string): KeyObject {
  const x = Buffer.from(publicKey.replace(/^whpk_/, ""), "base64").toString("base64url");
  return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" });
}

function ed25519Matches(key: KeyObject, reading: Reading & { ok: true }, body: Uint8Array, signature: string): boolean {
  const bytes = decode(signature, "base64");
  if (!bytes || bytes.length !== 64) return false;
  const signed = Buffer.concat([Buffer.from(reading.before, "latin1"), body, Buffer.from(reading.after, "latin1")]);
  return verifyEd25519(null, signed, key, bytes);
}

const RANK: Record<SignatureStatus, number> = { valid: 4, expired: 3, invalid: 2, missing: 1, none: 0 };

/**
 * One result for an endpoint with several settings: a valid one wins; otherwise the most telling
 * failure (expired says the signature matched; invalid that one was there; missing the least),
 * and between equals the one with more diagnosis. No settings: status none.
 */
export function combineResults(results: SignatureResult[]): SignatureResult {
  let best: SignatureResult | null = null;
  for (const r of results) {
    if (!best || RANK[r.status] > RANK[best.status] || (RANK[r.status] === RANK[best.status] && r.diagnosis.length > best.diagnosis.length)) best = r;
  }
  return best ?? noVerification();
}

/** A verifier for all of an endpoint's settings at once (stops at the first valid one). */
export function prepareAll(settings: { setting: VerificationSetting; secrets: SecretEntry[] }[], options: { diagnose?: boolean } = {}): Verifier {
  const verifiers = settings.map((s) => prepare(s.setting, s.secrets, options));
  return (request) => {
    const results: SignatureResult[] = [];
    for (const verify of verifiers) {
      const result = verify(request);
      if (result.status === "valid") return result;
      results.push(result);
    }
    return combineResults(results);
  };
}
