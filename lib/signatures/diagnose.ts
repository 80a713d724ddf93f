import { ALGORITHMS, KEYING_WORDS, MAC_BYTES, decode, keyFor, mac, parseJson, sameBytes, type Keying } from "./codec";
import { headerValues } from "./headers";
import type { Reading, Scheme } from "./schemes";
import type { PreparedSecret, SignedRequest } from "./verify";

/**
 * Explanations of a failed verification that are proven, not guessed: each one names a change
 * (to how the secret is read, to the body, the algorithm or the encoding) under which the received
 * signature recomputes exactly. Only run on failure, so its extra HMACs cost nothing on valid traffic.
 */
const KEYINGS: Keying[] = ["text", "text-no-prefix", "base64", "hex"];
const RESERIALISED = "Matches a re-serialised copy of the JSON body (something between the sender and here re-encoded it).";
// Re-serialising is the one variant whose cost grows faster than an HMAC; beyond this the
// diagnosis is skipped rather than slowing capture down when a misconfigured endpoint fails every request.
const MAX_JSON_DIAGNOSIS_BYTES = 256 * 1024;

export function outsideTolerance(scheme: Scheme, skewSeconds: number): boolean {
  const t = scheme.tolerance;
  return t !== null && (skewSeconds > t.seconds || (t.future && -skewSeconds > t.seconds));
}

export function skewSentence(scheme: Scheme, skewSeconds: number): string {
  const when = skewSeconds >= 0 ? `${skewSeconds} s old` : `${-skewSeconds} s in the future`;
  return `Timestamp is ${when} (tolerance ${scheme.tolerance?.seconds} s).`;
}

export function diagnose(scheme: Scheme, secrets: PreparedSecret[], reading: Reading, request: SignedRequest): string[] {
  if (!reading.ok) return missingHeader(scheme, secrets, reading.header, request);
  const out = new Set<string>();
  const received = reading.candidates.map((c) => decode(c.text, scheme.encoding));
  const { before, after } = reading;
  /** Index of the first secret under which `compute` gives one of `sigs`, or -1. */
  const firstMatch = (compute: (key: Buffer, secret: string) => Buffer | null, sigs = received) =>
    secrets.findIndex((s) => {
      const expected = s.key && compute(s.key, s.secret);
      return expected ? sigs.some((sig) => sameBytes(expected, sig)) : false;
    });
  const note = (message: string, index: number) => {
    if (index >= 0) out.add(index === 0 ? message : message.replace(/\.$/, `, with secret ...${secrets[index].hint}.`));
  };
  const primary = (body: Uint8Array) => (key: Buffer) => mac(scheme.algorithm, key, before, body, after);

  for (const [j, c] of reading.candidates.entries()) {
    if (!c.flaw) continue;
    const matches = firstMatch(primary(request.body), [received[j]]) >= 0;
    out.add(matches ? c.flaw.replace(/\.$/, " (the signature itself matches).") : c.flaw);
  }
  const skew = reading.timestamp === null ? null : Math.floor(request.nowMs / 1000) - reading.timestamp;
  if (skew !== null && outsideTolerance(scheme, skew)) out.add(skewSentence(scheme, skew));

  for (const keying of KEYINGS) {
    if (keying === scheme.keying) continue;
    const index = firstMatch((key, secret) => {
      const alt = keyFor(secret, keying);
      return alt && !alt.equals(key) ? mac(scheme.algorithm, alt, before, request.body, after) : null;
    });
    note(`Matches if the secret is ${KEYING_WORDS[keying]} instead of ${KEYING_WORDS[scheme.keying]}.`, index);
  }
  for (const variant of bodyVariants(request.body)) note(variant.message, firstMatch(primary(variant.body)));
  for (const algorithm of ALGORITHMS) {
    if (algorithm === scheme.algorithm || !received.some((r) => r?.length === MAC_BYTES[algorithm])) continue;
    const index = firstMatch((key) => mac(algorithm, key, before, request.body, after));
    note(`Matches with HMAC-${algorithm.toUpperCase()} instead of HMAC-${scheme.algorithm.toUpperCase()}.`, index);
  }
  const other = scheme.encoding === "hex" ? "base64" : "hex";
  const reread = reading.candidates.map((c) => decode(c.text, other));
  note(`The signature is ${other} where ${scheme.encoding} is expected; read as ${other}, it matches.`, firstMatch(primary(request.body), reread));
  return [...out];
}

/** GitHub's older header: HMAC-SHA1 in X-Hub-Signature, sent alongside (or instead of) the SHA-256 one. */
function missingHeader(scheme: Scheme, secrets: PreparedSecret[], header: string, request: SignedRequest): string[] {
  if (scheme.name !== "github" || header.toLowerCase() === "x-hub-signature") return [];
  const values = headerValues(request.headers, "X-Hub-Signature");
  if (!values.length) return [];
  const sigs = values.map((v) => decode(v.trim().replace(/^sha1=/, ""), "hex"));
  const matches = secrets.some((s) => s.key && sigs.some((sig) => sameBytes(mac("sha1", s.key!, "", request.body, ""), sig)));
  return [`Only X-Hub-Signature (HMAC-SHA1) was sent${matches ? ", and it matches" : ""}; this setting reads ${header} (HMAC-SHA256).`];
}

/** Bodies the sender may have signed before something on the way changed the bytes. */
function bodyVariants(body: Uint8Array): { body: Uint8Array; message: string }[] {
  const out: { body: Uint8Array; message: string }[] = [];
  // latin1 maps bytes 1:1, so line-ending edits stay exact on bodies that are not UTF-8.
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("latin1");
  const add = (text: string, message: string, encoding: BufferEncoding = "latin1") => {
    if (text !== bytes) out.push({ body: Buffer.from(text, encoding), message });
  };
  if (body.byteLength <= MAX_JSON_DIAGNOSIS_BYTES) {
    const json = parseJson(body);
    if (json !== undefined) for (const indent of [0, 2]) add(JSON.stringify(json, null, indent), RESERIALISED, "utf8");
  }
  if (bytes.includes("\r\n")) add(bytes.replaceAll("\r\n", "\n"), "Matches the body with LF line endings instead of the received CRLF (line endings were changed on the way).");
  else if (bytes.includes("\n")) add(bytes.replaceAll("\n", "\r\n"), "Matches the body with CRLF line endings instead of the received LF (line endings were changed on the way).");
  if (bytes.endsWith("\n")) add(bytes.replace(/\r?\n$/, ""), "Matches the body without its trailing newline (one was added on the way).");
  else add(bytes + "\n", "Matches the body with a trailing newline (one was removed on the way).");
  return out;
}
