import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verificationSetting } from "./settings";
import { verifySignature } from "./verify";

/** Each diagnosis, provoked by signing here (node:crypto) the way a misconfigured sender or proxy would. */
const NOW = 1_750_000_000;
const mac = (alg: string, key: string | Buffer, ...parts: (string | Buffer)[]) => {
  const h = createHmac(alg, key);
  for (const p of parts) h.update(p);
  return h.digest();
};
function check(input: Record<string, unknown>, secrets: string[], headers: [string, string][], body: Buffer | string) {
  const setting = verificationSetting.parse(input);
  return verifySignature(setting, secrets.map((s) => ({ secret: s, hint: s.slice(-4) })), { headers, body: Buffer.from(body), nowMs: NOW * 1000 });
}
const github = (secrets: string[], signature: string, body: Buffer | string, extra: [string, string][] = []) =>
  check({ scheme: "github" }, secrets, [["X-Hub-Signature-256", signature], ...extra], body);
const SECRET = "gh-secret-1111";

describe("secret encoding", () => {
  const raw = randomBytes(24);
  const whsec = `whsec_${raw.toString("base64")}`;

  it("Standard Webhooks: the sender used the secret as raw text", () => {
    const sig = mac("sha256", whsec, `msg_1.${NOW}.`, "{}").toString("base64");
    const result = check({ scheme: "standard-webhooks" }, [whsec], [["webhook-id", "msg_1"], ["webhook-timestamp", String(NOW)], ["webhook-signature", `v1,${sig}`]], "{}");
    expect(result.status).toBe("invalid");
    expect(result.diagnosis).toEqual(["Matches if the secret is used as raw text instead of base64-decoded."]);
  });

  it("Stripe: the sender base64-decoded the secret", () => {
    const sig = mac("sha256", raw, `${NOW}.`, "{}").toString("hex");
    const result = check({ scheme: "stripe" }, [whsec], [["Stripe-Signature", `t=${NOW},v1=${sig}`]], "{}");
    expect(result.diagnosis).toEqual(["Matches if the secret is base64-decoded instead of used as raw text."]);
  });
});

describe("body changed on the way", () => {
  const original = { event: "ping", data: { ids: [1, 2], text: "é" } };

  it("re-serialised JSON, compact to indented and back", () => {
    const compact = JSON.stringify(original);
    const indented = JSON.stringify(original, null, 2);
    const message = "Matches a re-serialised copy of the JSON body (something between the sender and here re-encoded it).";
    expect(github([SECRET], `sha256=${mac("sha256", SECRET, compact).toString("hex")}`, indented).diagnosis).toEqual([message]);
    expect(github([SECRET], `sha256=${mac("sha256", SECRET, indented).toString("hex")}`, compact).diagnosis).toEqual([message]);
  });

  it("line endings changed", () => {
    const lf = "line one\nline two\n";
    const crlf = "line one\r\nline two\r\n";
    expect(github([SECRET], `sha256=${mac("sha256", SECRET, lf).toString("hex")}`, crlf).diagnosis).toEqual([
      "Matches the body with LF line endings instead of the received CRLF (line endings were changed on the way).",
    ]);
    expect(github([SECRET], `sha256=${mac("sha256", SECRET, crlf).toString("hex")}`, lf).diagnosis).toEqual([
      "Matches the body with CRLF line endings instead of the received LF (line endings were changed on the way).",
    ]);
  });

  it("trailing newline added or removed, also on a body that is not UTF-8", () => {
    const binary = Buffer.from([0xff, 0x00, 0xc3, 0x28]);
    const withNewline = Buffer.concat([binary, Buffer.from("\n")]);
    expect(github([SECRET], `sha256=${mac("sha256", SECRET, binary).toString("hex")}`, withNewline).diagnosis).toEqual([
      "Matches the body without its trailing newline (one was added on the way).",
    ]);
    expect(github([SECRET], `sha256=${mac("sha256", SECRET, withNewline).toString("hex")}`, binary).diagnosis).toEqual([
      "Matches the body with a trailing newline (one was removed on the way).",
    ]);
  });

  it("names the older secret when only it explains the signature", () => {
    const sig = `sha256=${mac("sha256", "gh-secret-2222", "x").toString("hex")}`;
    expect(github([SECRET, "gh-secret-2222"], sig, "x\n").diagnosis).toEqual([
      "Matches the body without its trailing newline (one was added on the way), with secret ...2222.",
    ]);
  });
});

describe("signature form", () => {
  const hex = mac("sha256", SECRET, "body").toString("hex");

  it("missing or wrong prefix", () => {
    expect(github([SECRET], hex, "body").diagnosis).toEqual(["Signature has no `sha256=` prefix (the signature itself matches)."]);
    expect(github([SECRET], "ab".repeat(32), "body").diagnosis).toEqual(["Signature has no `sha256=` prefix."]);
    const slack = check(
      { scheme: "slack" },
      [SECRET],
      [["X-Slack-Request-Timestamp", String(NOW)], ["X-Slack-Signature", `v1=${mac("sha256", SECRET, `v0:${NOW}:`, "b").toString("hex")}`]],
      "b",
    );
    expect(slack.diagnosis).toEqual(["Signature is prefixed `v1=` instead of `v0=` (the signature itself matches)."]);
  });

  it("wrong algorithm: SHA-1 where SHA-256 is expected", () => {
    const sha1 = mac("sha1", SECRET, "body").toString("hex");
    expect(github([SECRET], `sha1=${sha1}`, "body").diagnosis).toEqual([
      "Signature is prefixed `sha1=` instead of `sha256=`.",
      "Matches with HMAC-SHA1 instead of HMAC-SHA256.",
    ]);
    const onlyOld = check({ scheme: "github" }, [SECRET], [["X-Hub-Signature", `sha1=${sha1}`]], "body");
    expect(onlyOld).toMatchObject({ status: "missing", diagnosis: ["Only X-Hub-Signature (HMAC-SHA1) was sent, and it matches; this setting reads X-Hub-Signature-256 (HMAC-SHA256)."] });
  });

  it("hex where base64 is expected, and base64 where hex is expected", () => {
    const shopify = check({ scheme: "shopify" }, [SECRET], [["X-Shopify-Hmac-Sha256", hex]], "body");
    expect(shopify.diagnosis).toEqual(["The signature is hex where base64 is expected; read as hex, it matches."]);
    const b64 = mac("sha256", SECRET, "body").toString("base64");
    expect(github([SECRET], `sha256=${b64}`, "body").diagnosis).toEqual(["The signature is base64 where hex is expected; read as base64, it matches."]);
  });
});

describe("nothing provable", () => {
  it("gives no diagnosis for a plain wrong secret", () => {
    const result = github([SECRET], `sha256=${mac("sha256", "another-secret", "body").toString("hex")}`, "body");
    expect(result).toMatchObject({ status: "invalid", diagnosis: [] });
  });
});
