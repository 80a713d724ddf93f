import type { Algorithm, Encoding, Keying } from "./codec";
import { firstHeader, headerValues, type HeaderPairs } from "./headers";
import { keyingOf, type SchemeName, type SettingOf, type VerificationSetting } from "./settings";

/**
 * Each scheme's wire format, in one shape that verification, diagnosis and re-signing share: where
 * the signatures and timestamp are read from, what is signed around the body bytes, and how fresh
 * signature headers are written. Formats: tests/fixtures/signature-vectors.json, "formats".
 */
export type Candidate = {
  /** The encoded signature, without its version/prefix. */
  text: string;
  /** Set when the value is not in the scheme's exact form; a match on it still counts as invalid. */
  flaw: string | null;
};

export type Reading =
  | { ok: false; status: "missing" | "invalid"; header: string; reason: string }
  | {
      ok: true;
      header: string;
      candidates: Candidate[];
      /** Standard Webhooks v1a (Ed25519) signatures, base64. */
      asymmetric: string[];
      timestamp: number | null;
      /** Signed text before and after the body bytes. */
      before: string;
      after: string;
    };

export type Scheme = {
  name: SchemeName;
  header: string;
  algorithm: Algorithm;
  encoding: Encoding;
  keying: Keying;
  /** Seconds a timestamp may be off; `future: false` accepts any timestamp ahead of now. */
  tolerance: { seconds: number; future: boolean } | null;
  read(headers: HeaderPairs): Reading;
  frame(timestamp: number, id: string): [before: string, after: string];
  write(signature: string, timestamp: number, id: string, original: HeaderPairs): [string, string][];
};

const KNOWN_PREFIX = /^(?:sha1|sha256|sha512|v\d+a?)[=,]/i;

function candidate(value: string, prefix: string): Candidate {
  const v = value.trim();
  if (prefix && v.startsWith(prefix)) return { text: v.slice(prefix.length), flaw: null };
  const other = KNOWN_PREFIX.exec(v)?.[0];
  if (other) {
    const flaw = prefix ? `Signature is prefixed \`${other}\` instead of \`${prefix}\`.` : `Signature has a \`${other}\` prefix the setting does not expect.`;
    return { text: v.slice(other.length), flaw };
  }
  return { text: v, flaw: prefix ? `Signature has no \`${prefix}\` prefix.` : null };
}

const missing = (header: string): Reading => ({ ok: false, status: "missing", header, reason: `The request has no ${header} header.` });
const malformed = (header: string, reason: string): Reading => ({ ok: false, status: "invalid", header, reason });

/** Unix seconds, or a Reading explaining why not. */
function timestampFrom(headers: HeaderPairs, name: string): number | Reading {
  const raw = firstHeader(headers, name);
  if (raw === undefined) return missing(name);
  return unixSeconds(raw) ?? malformed(name, `The ${name} header is not a unix time in seconds.`);
}

const unixSeconds = (raw: string | undefined) => (raw !== undefined && /^\d{1,12}$/.test(raw) ? Number(raw) : null);

/** One signature header (each line a candidate), an optional timestamp header, fixed text around the body. */
function singleHeader(o: {
  name: SchemeName;
  header: string;
  prefix: string;
  algorithm: Algorithm;
  encoding: Encoding;
  keying: Keying;
  timestampHeader: string | null;
  toleranceSeconds: number;
  frame(timestamp: number): [string, string];
}): Scheme {
  return {
    name: o.name,
    header: o.header,
    algorithm: o.algorithm,
    encoding: o.encoding,
    keying: o.keying,
    tolerance: o.timestampHeader ? { seconds: o.toleranceSeconds, future: true } : null,
    read(headers) {
      const values = headerValues(headers, o.header);
      if (!values.length) return missing(o.header);
      const timestamp = o.timestampHeader ? timestampFrom(headers, o.timestampHeader) : null;
      if (typeof timestamp === "object" && timestamp !== null) return timestamp;
      const [before, after] = o.frame(timestamp ?? 0);
      return { ok: true, header: o.header, candidates: values.map((v) => candidate(v, o.prefix)), asymmetric: [], timestamp, before, after };
    },
    frame: (timestamp) => o.frame(timestamp),
    write(signature, timestamp) {
      const out: [string, string][] = [[o.header, o.prefix + signature]];
      if (o.timestampHeader) out.push([o.timestampHeader, String(timestamp)]);
      return out;
    },
  };
}

const bodyOnly = (): [string, string] => ["", ""];

function stripe(s: SettingOf<"stripe">): Scheme {
  const frame = (t: number): [string, string] => [`${t}.`, ""];
  return {
    name: "stripe",
    header: s.header,
    algorithm: "sha256",
    encoding: "hex",
    keying: "text",
    // Stripe's own libraries reject only old timestamps, so a sender clock running ahead still verifies.
    tolerance: { seconds: s.toleranceSeconds, future: false },
    read(headers) {
      const values = headerValues(headers, s.header);
      if (!values.length) return missing(s.header);
      let timestamp: number | null = null;
      const candidates: Candidate[] = [];
      for (const item of values.join(",").split(",")) {
        const eq = item.indexOf("=");
        if (eq < 0) continue;
        const key = item.slice(0, eq).trim();
        const value = item.slice(eq + 1).trim();
        if (key === "t" && timestamp === null) timestamp = unixSeconds(value);
        if (key === "v1") candidates.push({ text: value, flaw: null });
      }
      if (timestamp === null) return malformed(s.header, `The ${s.header} header has no t= timestamp.`);
      if (!candidates.length) return malformed(s.header, `The ${s.header} header has no v1 signature.`);
      const [before, after] = frame(timestamp);
      return { ok: true, header: s.header, candidates, asymmetric: [], timestamp, before, after };
    },
    frame,
    write: (signature, timestamp) => [[s.header, `t=${timestamp},v1=${signature}`]],
  };
}

/** webhook-* (Standard Webhooks), or svix-* (Svix's original names) when no webhook-id was sent. */
const family = (headers: HeaderPairs) =>
  firstHeader(headers, "webhook-id") === undefined && firstHeader(headers, "svix-id") !== undefined ? "svix" : "webhook";

function standardWebhooks(s: SettingOf<"standard-webhooks">): Scheme {
  const frame = (t: number, id: string): [string, string] => [`${id}.${t}.`, ""];
  return {
    name: "standard-webhooks",
    header: "webhook-signature",
    algorithm: "sha256",
    encoding: "base64",
    keying: "base64",
    tolerance: { seconds: s.toleranceSeconds, future: true },
    read(headers) {
      const f = family(headers);
      const header = `${f}-signature`;
      const values = headerValues(headers, header);
      if (!values.length) return missing(header);
      const id = firstHeader(headers, `${f}-id`);
      if (id === undefined) return missing(`${f}-id`);
      const timestamp = timestampFrom(headers, `${f}-timestamp`);
      if (typeof timestamp === "object") return timestamp;
      const candidates: Candidate[] = [];
      const asymmetric: string[] = [];
      for (const entry of values.join(" ").split(" ")) {
        if (!entry) continue;
        const comma = entry.indexOf(",");
        const version = comma < 0 ? null : entry.slice(0, comma);
        // Other versions are ignored, as the spec says; v1a only counts with a public key.
        if (version === "v1") candidates.push({ text: entry.slice(comma + 1), flaw: null });
        else if (version === "v1a" && s.publicKey) asymmetric.push(entry.slice(comma + 1));
        else if (version === null) candidates.push(candidate(entry, "v1,"));
      }
      if (!candidates.length && !asymmetric.length) {
        const v1a = s.publicKey ? "" : " (v1a signatures count only with a public key configured)";
        return malformed(header, `The ${header} header has no v1 signature${v1a}.`);
      }
      const [before, after] = frame(timestamp, id);
      return { ok: true, header, candidates, asymmetric, timestamp, before, after };
    },
    frame,
    write(signature, timestamp, id, original) {
      const f = family(original);
      return [[`${f}-id`, id], [`${f}-timestamp`, String(timestamp)], [`${f}-signature`, `v1,${signature}`]];
    },
  };
}

function hmacFrame(s: SettingOf<"hmac">) {
  const template = s.payload ?? (s.timestampHeader ? "{timestamp}.{body}" : "{body}");
  const [before, after] = template.split("{body}");
  return (t: number): [string, string] => [before.replaceAll("{timestamp}", String(t)), after.replaceAll("{timestamp}", String(t))];
}

export function schemeFor(setting: VerificationSetting): Scheme {
  const keying = keyingOf(setting);
  const plain = { algorithm: "sha256", keying, timestampHeader: null, toleranceSeconds: 0, frame: bodyOnly } as const;
  switch (setting.scheme) {
    case "github":
      return singleHeader({ ...plain, name: "github", header: setting.header, prefix: "sha256=", encoding: "hex" });
    case "shopify":
      return singleHeader({ ...plain, name: "shopify", header: setting.header, prefix: "", encoding: "base64" });
    case "slack":
      return singleHeader({
        ...plain,
        name: "slack",
        header: setting.header,
        prefix: "v0=",
        encoding: "hex",
        timestampHeader: setting.timestampHeader,
        toleranceSeconds: setting.toleranceSeconds,
        frame: (t) => [`v0:${t}:`, ""],
      });
    case "hmac":
      return singleHeader({ ...setting, name: "hmac", keying, frame: hmacFrame(setting) });
    case "stripe":
      return stripe(setting);
    case "standard-webhooks":
      return standardWebhooks(setting);
  }
}
