import { z } from "zod";
import { HEADER_NAME } from "@/lib/endpoints/settings";
import { decode, keyFor, type Keying } from "./codec";

/**
 * One signature-verification setting of an endpoint, as the API accepts it (`verificationInput`,
 * with the secret) and as it is stored (`verificationSetting`, without it: secrets are kept
 * encrypted, several per setting for rotation). zod paths name the bad field for a 422.
 */
export const SCHEMES = ["stripe", "github", "shopify", "slack", "standard-webhooks", "hmac"] as const;
export type SchemeName = (typeof SCHEMES)[number];

const headerName = z.string().regex(HEADER_NAME, "must be a valid header name");
// Every provider here documents 5 minutes; a day is the most that still means something.
const tolerance = z.number().int().min(1).max(86_400).default(300);

/** Standard Webhooks v1a public key: `whpk_` + base64 of the 32-byte Ed25519 key (prefix optional). */
const ed25519PublicKey = z
  .string()
  .trim()
  .refine((v) => decode(v.replace(/^whpk_/, ""), "base64")?.length === 32, "must be whpk_ followed by a base64 32-byte Ed25519 public key");

const stripe = {
  scheme: z.literal("stripe"),
  header: headerName.default("Stripe-Signature"),
  toleranceSeconds: tolerance,
};
const github = {
  scheme: z.literal("github"),
  header: headerName.default("X-Hub-Signature-256"),
};
const shopify = {
  scheme: z.literal("shopify"),
  header: headerName.default("X-Shopify-Hmac-Sha256"),
};
const slack = {
  scheme: z.literal("slack"),
  header: headerName.default("X-Slack-Signature"),
  timestampHeader: headerName.default("X-Slack-Request-Timestamp"),
  toleranceSeconds: tolerance,
};
// Header names are fixed by the spec; webhook-* is read, or svix-* when webhook-* is absent.
const standardWebhooks = {
  scheme: z.literal("standard-webhooks"),
  toleranceSeconds: tolerance,
  publicKey: ed25519PublicKey.nullable().default(null),
};
const hmac = {
  scheme: z.literal("hmac"),
  header: headerName,
  algorithm: z.enum(["sha1", "sha256", "sha512"]).default("sha256"),
  encoding: z.enum(["hex", "base64"]).default("hex"),
  /** Text before the signature in the header value, e.g. `sha256=`. */
  prefix: z.string().max(32).regex(/^[\x21-\x7e]*$/, "must be printable ASCII without spaces").default(""),
  secretEncoding: z.enum(["text", "base64", "hex"]).default("text"),
  timestampHeader: headerName.nullable().default(null),
  toleranceSeconds: tolerance,
  /** What is signed, with `{body}` (the exact bytes) and `{timestamp}`; null: `{timestamp}.{body}`
   *  with a timestamp header, `{body}` without. */
  payload: z.string().max(200).regex(/^[\x20-\x7e]*$/, "must be printable ASCII").nullable().default(null),
};

type HmacFields = { timestampHeader: string | null; payload: string | null };
function checkHmac(v: HmacFields, ctx: z.RefinementCtx) {
  if (v.payload === null) return;
  if (v.payload.split("{body}").length !== 2) ctx.addIssue({ code: "custom", path: ["payload"], message: "must contain {body} exactly once" });
  if (v.payload.includes("{timestamp}") && !v.timestampHeader) {
    ctx.addIssue({ code: "custom", path: ["timestampHeader"], message: "is required when the payload uses {timestamp}" });
  }
}

export const verificationSetting = z.discriminatedUnion("scheme", [
  z.object(stripe),
  z.object(github),
  z.object(shopify),
  z.object(slack),
  z.object(standardWebhooks),
  z.object(hmac).superRefine(checkHmac),
]);
export type VerificationSetting = z.output<typeof verificationSetting>;
export type SettingOf<S extends SchemeName> = Extract<VerificationSetting, { scheme: S }>;

const secret = z.string().trim().min(8, "must be at least 8 characters").max(1024);

/** How the setting turns its secret strings into HMAC keys. */
export function keyingOf(setting: VerificationSetting): Keying {
  if (setting.scheme === "standard-webhooks") return "base64";
  if (setting.scheme === "hmac") return setting.secretEncoding;
  return "text";
}

/** Why `secret` cannot serve `setting` (null: it can). Also for adding a rotated secret later. */
export function secretProblem(setting: VerificationSetting, value: string): string | null {
  const parsed = secret.safeParse(value);
  if (!parsed.success) return parsed.error.issues[0].message;
  if (keyFor(parsed.data, keyingOf(setting))) return null;
  return setting.scheme === "standard-webhooks" ? "must be base64 after the whsec_ prefix" : `must be ${keyingOf(setting)}`;
}

export const verificationInput = z
  .discriminatedUnion("scheme", [
    z.object({ ...stripe, secret }),
    z.object({ ...github, secret }),
    z.object({ ...shopify, secret }),
    z.object({ ...slack, secret }),
    // v1a alone (asymmetric) needs no shared secret.
    z.object({ ...standardWebhooks, secret: secret.optional() }),
    z.object({ ...hmac, secret }).superRefine(checkHmac),
  ])
  .superRefine((v, ctx) => {
    if (v.secret === undefined) {
      if (v.scheme === "standard-webhooks" && !v.publicKey) ctx.addIssue({ code: "custom", path: ["secret"], message: "is required unless a publicKey is set" });
      return;
    }
    const problem = secretProblem(v, v.secret);
    if (problem) ctx.addIssue({ code: "custom", path: ["secret"], message: problem });
  });
export type VerificationInput = z.output<typeof verificationInput>;
