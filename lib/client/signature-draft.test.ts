import { describe, expect, it } from "vitest";
import { verificationInput, verificationSetting } from "@/lib/signatures/settings";
import type { VerificationDto } from "@/lib/verifications/verifications";
import { describeSetting, draftToBody, newDraft, SCHEME_ORDER, SCHEMES } from "./signature-draft";

const SECRETS: Record<string, string> = { "standard-webhooks": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" };

describe("signature form drafts", () => {
  it("offers every scheme the server knows, each with the defaults the server applies", () => {
    expect([...SCHEME_ORDER].sort()).toEqual([...verificationSetting.options.map((o) => o.shape.scheme.value)].sort());
    for (const scheme of SCHEME_ORDER) {
      const required = scheme === "hmac" ? { header: "X-Signature" } : {};
      const { scheme: _s, ...server } = verificationSetting.parse({ scheme, ...required }) as Record<string, unknown>;
      expect({ ...SCHEMES[scheme].defaults, ...required }, scheme).toEqual(server);
      // The form's fields are exactly the setting's.
      expect([...SCHEMES[scheme].fields].sort(), scheme).toEqual(Object.keys(server).sort());
    }
  });

  it("a blank draft with a secret becomes a body the server accepts, unchanged by its defaults", () => {
    for (const scheme of SCHEME_ORDER) {
      const draft = { ...newDraft(scheme), secret: SECRETS[scheme] ?? "a-long-enough-secret" };
      if (scheme === "hmac") draft.header = "X-Signature";
      const body = draftToBody(draft);
      const parsed = verificationInput.safeParse(body);
      expect(parsed.success, `${scheme}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      const { secret: _secret, ...sent } = body;
      expect(parsed.data).toMatchObject(sent);
    }
  });

  it("sends whole numbers as numbers, leaves empty optional fields to the server, and other schemes' fields out", () => {
    const draft = { ...newDraft("hmac"), header: " X-Sig ", toleranceSeconds: "60", timestampHeader: "", secret: "s3cret-value", publicKey: "ignored" };
    expect(draftToBody(draft)).toEqual({ scheme: "hmac", secret: "s3cret-value", header: "X-Sig", algorithm: "sha256", encoding: "hex", secretEncoding: "text", toleranceSeconds: 60 });
    // Not a number: sent as typed, so the server's 422 names the field.
    const bad = verificationInput.safeParse(draftToBody({ ...newDraft("stripe"), secret: "whsec_abcdefgh", toleranceSeconds: "5 min" }));
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].path).toEqual(["toleranceSeconds"]);
    // The hmac header has no default: left empty, the server names it.
    expect(verificationInput.safeParse(draftToBody({ ...newDraft("hmac"), secret: "long-enough" })).error?.issues[0].path).toEqual(["header"]);
  });

  it("describes a saved setting's options in words", () => {
    const base = { id: "v", secrets: [], secretHint: "abcd", createdAt: "2026-01-01T00:00:00.000Z" };
    const setting = (s: Record<string, unknown>) => ({ ...base, ...verificationSetting.parse(s) }) as VerificationDto;
    expect(describeSetting(setting({ scheme: "github" }))).toEqual(["header X-Hub-Signature-256"]);
    expect(describeSetting(setting({ scheme: "stripe", toleranceSeconds: 600 }))).toEqual(["header Stripe-Signature", "tolerance 600 s"]);
    expect(describeSetting(setting({ scheme: "hmac", header: "X-Sig", prefix: "sha1=", algorithm: "sha1" }))).toEqual(["header X-Sig", "sha1, hex, prefix “sha1=”", "signs {body}"]);
    expect(describeSetting(setting({ scheme: "hmac", header: "X-Sig", encoding: "base64", secretEncoding: "base64", timestampHeader: "X-Ts" }))).toEqual([
      "header X-Sig", "sha256, base64", "secret as base64", "signs {timestamp}.{body}", "timestamp X-Ts", "tolerance 300 s",
    ]);
    expect(describeSetting(setting({ scheme: "standard-webhooks" }))).toEqual(["tolerance 300 s", "headers webhook-* or svix-*"]);
  });
});
