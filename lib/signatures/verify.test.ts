import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verificationSetting } from "./settings";
import { combineResults, prepare, prepareAll, signatureJson, verifySignature, type SignatureResult } from "./verify";

const NOW = 1_750_000_000;
const body = Buffer.from("payload");
const github = verificationSetting.parse({ scheme: "github" });
const stripe = verificationSetting.parse({ scheme: "stripe" });
const hex = (secret: string, ...parts: (string | Buffer)[]) => {
  const h = createHmac("sha256", secret);
  for (const p of parts) h.update(p);
  return h.digest("hex");
};
const entries = (...secrets: string[]) => secrets.map((secret) => ({ secret, hint: secret.slice(-4) }));
const request = (headers: [string, string][]) => ({ headers, body, nowMs: NOW * 1000 });

describe("rotation", () => {
  const [newest, older] = ["secret-new-1111", "secret-old-2222"];

  it("accepts a signature made with an older secret and says which one matched", () => {
    const result = verifySignature(github, entries(newest, older), request([["X-Hub-Signature-256", `sha256=${hex(older, body)}`]]));
    expect(result).toMatchObject({ status: "valid", secretHint: "2222", diagnosis: ["Matches with secret ...2222 (an older one, not the newest ...1111)."] });
  });

  it("adds no note when the newest secret matches", () => {
    const result = verifySignature(github, entries(newest, older), request([["X-Hub-Signature-256", `sha256=${hex(newest, body)}`]]));
    expect(result).toMatchObject({ status: "valid", secretHint: "1111", diagnosis: [] });
  });
});

describe("a failed verification", () => {
  it("shows the header, both signature prefixes and the newest secret's hint, never the secret", () => {
    const received = hex("someone-elses", body);
    const result = verifySignature(github, entries("secret-new-1111", "secret-old-2222"), request([["X-Hub-Signature-256", `sha256=${received}`]]));
    expect(result).toMatchObject({
      status: "invalid",
      scheme: "github",
      header: "X-Hub-Signature-256",
      reason: "The X-Hub-Signature-256 signature does not match the body with any of the 2 configured secrets.",
      receivedPrefix: received.slice(0, 8),
      expectedPrefix: hex("secret-new-1111", body).slice(0, 8),
      secretHint: "1111",
    });
    expect(JSON.stringify(result)).not.toContain("secret-new");
  });

  it("skips the diagnosis when asked to (capture may leave it to the detail view)", () => {
    const headers: [string, string][] = [["X-Hub-Signature-256", hex("gh-secret-0000", body)]];
    expect(prepare(github, entries("gh-secret-0000"))(request(headers)).diagnosis).toHaveLength(1);
    expect(prepare(github, entries("gh-secret-0000"), { diagnose: false })(request(headers))).toMatchObject({ status: "invalid", diagnosis: [] });
  });

  it("counts a matching signature in the wrong form as invalid", () => {
    const result = verifySignature(github, entries("gh-secret-0000"), request([["X-Hub-Signature-256", hex("gh-secret-0000", body)]]));
    expect(result.status).toBe("invalid");
    expect(result.reason).toBe("The X-Hub-Signature-256 value is not in the exact github format, although the signature in it matches.");
  });

  it("reports expired only when the signature matches; a wrong one with an old timestamp is invalid", () => {
    const old = NOW - 1000;
    const header = (sig: string) => request([["Stripe-Signature", `t=${old},v1=${sig}`]]);
    const secret = "whsec_stripe-9999";
    expect(verifySignature(stripe, entries(secret), header(hex(secret, `${old}.`, body)))).toMatchObject({ status: "expired", skewSeconds: 1000 });
    const wrong = verifySignature(stripe, entries(secret), header(hex("other-secret", `${old}.`, body)));
    expect(wrong).toMatchObject({ status: "invalid", skewSeconds: 1000 });
    expect(wrong.diagnosis).toContain("Timestamp is 1000 s old (tolerance 300 s).");
  });
});

describe("no verification", () => {
  it("is status none for an endpoint without settings, and for a setting without secrets", () => {
    expect(prepareAll([])(request([]))).toMatchObject({ status: "none", scheme: null });
    expect(prepare(github, [])(request([]))).toMatchObject({ status: "none", scheme: "github", reason: "No secret is configured for the github verification." });
  });
});

describe("several settings on one endpoint", () => {
  const result = (status: SignatureResult["status"], diagnosis: string[] = []): SignatureResult => ({ status, scheme: "github", reason: status, diagnosis });

  it("lets a valid result win, then expired, invalid, missing; more diagnosis breaks a tie", () => {
    expect(combineResults([]).status).toBe("none");
    expect(combineResults([result("missing"), result("invalid"), result("valid")]).status).toBe("valid");
    expect(combineResults([result("invalid"), result("expired"), result("missing")]).status).toBe("expired");
    expect(combineResults([result("missing"), result("invalid")]).status).toBe("invalid");
    expect(combineResults([result("invalid"), result("invalid", ["why"])]).diagnosis).toEqual(["why"]);
  });

  it("verifies a request against whichever setting its headers belong to", () => {
    const verify = prepareAll([
      { setting: github, secrets: entries("gh-secret-0000") },
      { setting: stripe, secrets: entries("whsec_stripe-9999") },
    ]);
    const signed = verify(request([["Stripe-Signature", `t=${NOW},v1=${hex("whsec_stripe-9999", `${NOW}.`, body)}`]]));
    expect(signed).toMatchObject({ status: "valid", scheme: "stripe" });
    const unsigned = verify(request([]));
    expect(unsigned.status).toBe("missing");
  });
});

describe("results shared between requests", () => {
  it("a valid result without a timestamp is built once per secret, frozen, and stored as the same JSON", () => {
    const verify = prepare(github, entries("shared-secret-1"));
    const headers: [string, string][] = [["X-Hub-Signature-256", `sha256=${hex("shared-secret-1", body)}`]];
    const first = verify(request(headers));
    expect(verify(request(headers))).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.diagnosis)).toBe(true);
    expect(signatureJson(first)).toBe(JSON.stringify(first));
    // A failure is the request's own.
    const bad: [string, string][] = [["X-Hub-Signature-256", "sha256=00"]];
    expect(verify(request(bad))).not.toBe(verify(request(bad)));
  });
});
