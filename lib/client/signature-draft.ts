import type { VerificationDto } from "@/lib/verifications/verifications";

/**
 * The Signatures panel's form: which fields each scheme has, the defaults the server applies
 * (lib/signatures/settings.ts; signature-draft.test.ts checks they are the same), and the body a
 * draft becomes. The server validates; a 422 names the field and the form outlines it. (That
 * module cannot be imported here: it pulls node:crypto into the browser bundle.)
 */
export type SchemeName = VerificationDto["scheme"];
export type DraftField =
  | "header" | "timestampHeader" | "toleranceSeconds" | "algorithm" | "encoding" | "prefix" | "secretEncoding" | "payload" | "publicKey";

type SchemeInfo = {
  label: string;
  /** The fields the scheme takes besides the secret, in form order. */
  fields: DraftField[];
  /** What the server fills in when a field is left out (hmac's header has none: it is required). */
  defaults: Partial<Record<DraftField, string | number | null>>;
  secretHint: string;
};

export const SCHEMES: Record<SchemeName, SchemeInfo> = {
  github: {
    label: "GitHub",
    fields: ["header"],
    defaults: { header: "X-Hub-Signature-256" },
    secretHint: "The webhook's secret, as typed in GitHub.",
  },
  stripe: {
    label: "Stripe",
    fields: ["header", "toleranceSeconds"],
    defaults: { header: "Stripe-Signature", toleranceSeconds: 300 },
    secretHint: "The endpoint's signing secret, whsec_… (used whole, as Stripe does).",
  },
  shopify: {
    label: "Shopify",
    fields: ["header"],
    defaults: { header: "X-Shopify-Hmac-Sha256" },
    secretHint: "The app's client secret (or the store's webhook signing key).",
  },
  slack: {
    label: "Slack",
    fields: ["header", "timestampHeader", "toleranceSeconds"],
    defaults: { header: "X-Slack-Signature", timestampHeader: "X-Slack-Request-Timestamp", toleranceSeconds: 300 },
    secretHint: "The app's signing secret.",
  },
  "standard-webhooks": {
    label: "Standard Webhooks / Svix",
    fields: ["toleranceSeconds", "publicKey"],
    defaults: { toleranceSeconds: 300, publicKey: null },
    secretHint: "whsec_ followed by base64. Optional when a public key is given.",
  },
  hmac: {
    label: "Generic HMAC",
    fields: ["header", "algorithm", "encoding", "prefix", "secretEncoding", "timestampHeader", "toleranceSeconds", "payload"],
    defaults: { algorithm: "sha256", encoding: "hex", prefix: "", secretEncoding: "text", timestampHeader: null, toleranceSeconds: 300, payload: null },
    secretHint: "The shared secret, written as chosen under Secret encoding.",
  },
};

export const SCHEME_ORDER: SchemeName[] = ["github", "stripe", "shopify", "slack", "standard-webhooks", "hmac"];

export const FIELD_LABELS: Record<DraftField | "secret" | "scheme", string> = {
  scheme: "Provider",
  secret: "Secret",
  header: "Signature header",
  timestampHeader: "Timestamp header",
  toleranceSeconds: "Tolerance (seconds)",
  algorithm: "Algorithm",
  encoding: "Signature encoding",
  prefix: "Prefix",
  secretEncoding: "Secret encoding",
  payload: "Signed payload",
  publicKey: "Public key (v1a, Ed25519)",
};

/** Every value as the inputs hold it (text); unset optional fields are "". */
export type SignatureDraft = { scheme: SchemeName; secret: string } & Record<DraftField, string>;

const ALL_FIELDS: DraftField[] = ["header", "timestampHeader", "toleranceSeconds", "algorithm", "encoding", "prefix", "secretEncoding", "payload", "publicKey"];

/** A blank form for the scheme, with its defaults filled in. */
export function newDraft(scheme: SchemeName = "github"): SignatureDraft {
  const defaults = SCHEMES[scheme].defaults;
  const fields = Object.fromEntries(ALL_FIELDS.map((f) => [f, defaults[f] == null ? "" : String(defaults[f])])) as Record<DraftField, string>;
  return { scheme, secret: "", ...fields };
}

/**
 * The POST body: the scheme's own fields only (another scheme's would be refused), whole numbers
 * as numbers, empty optional fields left out so the server's default applies. Anything else is
 * sent as typed and the server's 422 names it.
 */
export function draftToBody(d: SignatureDraft): Record<string, unknown> {
  const body: Record<string, unknown> = { scheme: d.scheme };
  if (d.secret !== "") body.secret = d.secret;
  for (const f of SCHEMES[d.scheme].fields) {
    const v = d[f].trim();
    if (v !== "") body[f] = f === "toleranceSeconds" && /^\d+$/.test(v) ? Number(v) : v;
  }
  return body;
}

/** One line per option of a saved setting, for its card. */
export function describeSetting(v: VerificationDto): string[] {
  const out: string[] = [];
  if ("header" in v) out.push(`header ${v.header}`);
  if (v.scheme === "hmac") {
    out.push(`${v.algorithm}, ${v.encoding}${v.prefix ? `, prefix “${v.prefix}”` : ""}`);
    if (v.secretEncoding !== "text") out.push(`secret as ${v.secretEncoding}`);
    out.push(`signs ${v.payload ?? (v.timestampHeader ? "{timestamp}.{body}" : "{body}")}`);
  }
  if ("timestampHeader" in v && v.timestampHeader) out.push(`timestamp ${v.timestampHeader}`);
  // The tolerance matters only where a timestamp is read.
  if ("toleranceSeconds" in v && (v.scheme !== "hmac" || v.timestampHeader)) out.push(`tolerance ${v.toleranceSeconds} s`);
  if (v.scheme === "standard-webhooks") {
    out.push("headers webhook-* or svix-*");
    if (v.publicKey) out.push(`public key ${v.publicKey.replace(/^whpk_/, "").slice(0, 8)}…`);
  }
  return out;
}
