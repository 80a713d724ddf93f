import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { secretProblem, verificationInput, verificationSetting } from "./settings";

/** The first issue's path and message, as the API's 422 would name them. */
function firstIssue(input: unknown) {
  const parsed = verificationInput.safeParse(input);
  if (parsed.success) return null;
  return { field: parsed.error.issues[0].path.join("."), message: parsed.error.issues[0].message };
}
const whsec = `whsec_${randomBytes(24).toString("base64")}`;

describe("verification settings", () => {
  it("fills each scheme's defaults", () => {
    expect(verificationSetting.parse({ scheme: "stripe" })).toEqual({ scheme: "stripe", header: "Stripe-Signature", toleranceSeconds: 300 });
    expect(verificationSetting.parse({ scheme: "slack" })).toEqual({
      scheme: "slack",
      header: "X-Slack-Signature",
      timestampHeader: "X-Slack-Request-Timestamp",
      toleranceSeconds: 300,
    });
    expect(verificationSetting.parse({ scheme: "standard-webhooks" })).toEqual({ scheme: "standard-webhooks", toleranceSeconds: 300, publicKey: null });
    expect(verificationSetting.parse({ scheme: "hmac", header: "X-Signature" })).toEqual({
      scheme: "hmac",
      header: "X-Signature",
      algorithm: "sha256",
      encoding: "hex",
      prefix: "",
      secretEncoding: "text",
      timestampHeader: null,
      toleranceSeconds: 300,
      payload: null,
    });
  });

  it("accepts an input with its secret", () => {
    expect(verificationInput.parse({ scheme: "github", secret: "  It's a Secret to Everybody " })).toEqual({
      scheme: "github",
      header: "X-Hub-Signature-256",
      secret: "It's a Secret to Everybody",
    });
    expect(verificationInput.parse({ scheme: "standard-webhooks", secret: whsec }).secret).toBe(whsec);
  });

  it.each([
    [{ scheme: "paypal", secret: "12345678" }, "scheme"],
    [{ scheme: "hmac", secret: "12345678" }, "header"],
    [{ scheme: "hmac", header: "X Sig", secret: "12345678" }, "header"],
    [{ scheme: "stripe", secret: "whsec_1", toleranceSeconds: 300 }, "secret"],
    [{ scheme: "stripe", secret: "whsec_12345678", toleranceSeconds: 0 }, "toleranceSeconds"],
    [{ scheme: "hmac", header: "X-Sig", algorithm: "md5", secret: "12345678" }, "algorithm"],
    [{ scheme: "hmac", header: "X-Sig", payload: "{timestamp}.", timestampHeader: "X-Ts", secret: "12345678" }, "payload"],
    [{ scheme: "hmac", header: "X-Sig", payload: "{timestamp}.{body}", secret: "12345678" }, "timestampHeader"],
    [{ scheme: "hmac", header: "X-Sig", secretEncoding: "hex", secret: "not hex at all" }, "secret"],
    [{ scheme: "standard-webhooks", secret: "whsec_not base64!" }, "secret"],
    [{ scheme: "standard-webhooks" }, "secret"],
    [{ scheme: "standard-webhooks", publicKey: "whpk_dG9vIHNob3J0" }, "publicKey"],
  ])("names the field of a bad input: %j -> %s", (input, field) => {
    expect(firstIssue(input)?.field).toBe(field);
  });

  it("explains a secret that does not decode", () => {
    expect(firstIssue({ scheme: "standard-webhooks", secret: "whsec_not base64!" })?.message).toBe("must be base64 after the whsec_ prefix");
    expect(firstIssue({ scheme: "hmac", header: "X-Sig", secretEncoding: "hex", secret: "not hex at all" })?.message).toBe("must be hex");
  });

  it("lets v1a stand alone with a public key, and checks a rotated secret against a saved setting", () => {
    const publicKey = `whpk_${randomBytes(32).toString("base64")}`;
    expect(verificationInput.parse({ scheme: "standard-webhooks", publicKey }).secret).toBeUndefined();
    const saved = verificationSetting.parse({ scheme: "standard-webhooks" });
    expect(secretProblem(saved, whsec)).toBeNull();
    expect(secretProblem(saved, "short")).toBe("must be at least 8 characters");
  });
});
