import { createHmac, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verificationSetting } from "./settings";
import { verifySignature } from "./verify";

/** Each scheme against signatures computed here with node:crypto, independently of the library. */
const NOW = 1_750_000_000;
const body = Buffer.from('{"id":"evt_1","amount":42}');
const hmac = (alg: string, key: string | Buffer, ...parts: (string | Buffer)[]) => {
  const h = createHmac(alg, key);
  for (const p of parts) h.update(p);
  return h.digest();
};
const verify = (input: Record<string, unknown>, secrets: string[], headers: [string, string][], opts: { body?: Buffer; now?: number } = {}) =>
  verifySignature(
    verificationSetting.parse(input),
    secrets.map((s) => ({ secret: s, hint: s.slice(-4) })),
    { headers, body: opts.body ?? body, nowMs: (opts.now ?? NOW) * 1000 },
  );

describe("stripe", () => {
  const secret = "whsec_stripeTestSecret123";
  const sig = (t: number, key = secret) => hmac("sha256", key, `${t}.`, body).toString("hex");

  it("verifies t=,v1= with the whole whsec_ string as the key, among several v1 and other versions", () => {
    const header = `t=${NOW},v1=${"0".repeat(64)},v1=${sig(NOW)},v0=${"f".repeat(64)}`;
    expect(verify({ scheme: "stripe" }, [secret], [["Stripe-Signature", header]])).toMatchObject({ status: "valid", skewSeconds: 0 });
  });

  it("allows 300 s of age, not 301, and any future timestamp (as Stripe's libraries do)", () => {
    const at = (t: number) => verify({ scheme: "stripe" }, [secret], [["stripe-signature", `t=${t},v1=${sig(t)}`]]).status;
    expect(at(NOW - 300)).toBe("valid");
    expect(at(NOW - 301)).toBe("expired");
    expect(at(NOW + 3600)).toBe("valid");
  });

  it("reports a header without t= or without v1 as invalid, naming what is missing", () => {
    expect(verify({ scheme: "stripe" }, [secret], [["Stripe-Signature", `v1=${sig(NOW)}`]])).toMatchObject({
      status: "invalid",
      reason: "The Stripe-Signature header has no t= timestamp.",
    });
    expect(verify({ scheme: "stripe" }, [secret], [["Stripe-Signature", `t=${NOW},v0=abc`]]).reason).toBe("The Stripe-Signature header has no v1 signature.");
  });
});

describe("github", () => {
  const secret = "gh-secret-value";
  const good = `sha256=${hmac("sha256", secret, body).toString("hex")}`;

  it("verifies sha256=<hex> over the body, header name in any case, any of several lines", () => {
    expect(verify({ scheme: "github" }, [secret], [["x-hub-signature-256", "sha256=00"], ["X-HUB-SIGNATURE-256", good]])).toMatchObject({
      status: "valid",
      header: "X-Hub-Signature-256",
    });
  });

  it("reports a missing header", () => {
    expect(verify({ scheme: "github" }, [secret], [["Content-Type", "application/json"]])).toMatchObject({
      status: "missing",
      header: "X-Hub-Signature-256",
      reason: "The request has no X-Hub-Signature-256 header.",
    });
  });

  it("verifies a body that is not valid UTF-8 over its exact bytes", () => {
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0x0a]);
    const header = `sha256=${hmac("sha256", secret, binary).toString("hex")}`;
    expect(verify({ scheme: "github" }, [secret], [["X-Hub-Signature-256", header]], { body: binary }).status).toBe("valid");
    // The same bytes through a lossy UTF-8 round trip would sign differently.
    const lossy = Buffer.from(binary.toString("utf8"), "utf8");
    expect(verify({ scheme: "github" }, [secret], [["X-Hub-Signature-256", header]], { body: lossy }).status).toBe("invalid");
  });
});

describe("shopify", () => {
  it("verifies base64 HMAC-SHA256 over the body", () => {
    const secret = "shpss_0123456789abcdef";
    const header = hmac("sha256", secret, body).toString("base64");
    expect(verify({ scheme: "shopify" }, [secret], [["X-Shopify-Hmac-Sha256", header]]).status).toBe("valid");
    expect(verify({ scheme: "shopify" }, [secret], [["X-Shopify-Hmac-Sha256", header]], { body: Buffer.from("{}") }).status).toBe("invalid");
  });
});

describe("slack", () => {
  const secret = "8f742231b10e8888abcd99yyyzzz85a5";
  const headers = (ts: number): [string, string][] => [
    ["X-Slack-Request-Timestamp", String(ts)],
    ["X-Slack-Signature", `v0=${hmac("sha256", secret, `v0:${ts}:`, body).toString("hex")}`],
  ];

  it("verifies v0=<hex> over v0:timestamp:body, within 300 s both ways", () => {
    const at = (ts: number) => verify({ scheme: "slack" }, [secret], headers(ts));
    expect(at(NOW).status).toBe("valid");
    expect(at(NOW - 300).status).toBe("valid");
    expect(at(NOW + 300).status).toBe("valid");
    expect(at(NOW - 301)).toMatchObject({ status: "expired", skewSeconds: 301, diagnosis: ["Timestamp is 301 s old (tolerance 300 s)."] });
    expect(at(NOW + 301)).toMatchObject({ status: "expired", skewSeconds: -301, diagnosis: ["Timestamp is 301 s in the future (tolerance 300 s)."] });
  });

  it("reports a missing or malformed timestamp header", () => {
    const [, signature] = headers(NOW);
    expect(verify({ scheme: "slack" }, [secret], [signature])).toMatchObject({ status: "missing", header: "X-Slack-Request-Timestamp" });
    expect(verify({ scheme: "slack" }, [secret], [["X-Slack-Request-Timestamp", "soon"], signature])).toMatchObject({
      status: "invalid",
      reason: "The X-Slack-Request-Timestamp header is not a unix time in seconds.",
    });
  });
});

describe("standard-webhooks", () => {
  const raw = randomBytes(24);
  const secret = `whsec_${raw.toString("base64")}`;
  const sig = (id: string, ts: number) => hmac("sha256", raw, `${id}.${ts}.`, body).toString("base64");
  const headers = (prefix: string, signature: string): [string, string][] => [
    [`${prefix}-id`, "msg_1"],
    [`${prefix}-timestamp`, String(NOW)],
    [`${prefix}-signature`, signature],
  ];

  it("verifies v1 with the base64-decoded secret in a space-separated list, ignoring other versions", () => {
    const list = `v2,${sig("msg_1", NOW)} v1,${randomBytes(32).toString("base64")} v1,${sig("msg_1", NOW)}`;
    expect(verify({ scheme: "standard-webhooks" }, [secret], headers("webhook", list))).toMatchObject({ status: "valid", header: "webhook-signature" });
  });

  it("reads svix-* headers when webhook-* are absent", () => {
    expect(verify({ scheme: "standard-webhooks" }, [secret], headers("svix", `v1,${sig("msg_1", NOW)}`))).toMatchObject({ status: "valid", header: "svix-signature" });
  });

  it("signs the message id: another id does not verify", () => {
    const [, ts, signature] = headers("webhook", `v1,${sig("msg_1", NOW)}`);
    expect(verify({ scheme: "standard-webhooks" }, [secret], [["webhook-id", "msg_2"], ts, signature]).status).toBe("invalid");
    expect(verify({ scheme: "standard-webhooks" }, [secret], [ts, signature])).toMatchObject({ status: "missing", header: "webhook-id" });
  });

  it("checks v1a (Ed25519) only with a public key configured", () => {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const pk = `whpk_${Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url").toString("base64")}`;
    const v1a = sign(null, Buffer.concat([Buffer.from(`msg_1.${NOW}.`), body]), privateKey).toString("base64");
    const h = headers("webhook", `v1a,${v1a}`);
    expect(verify({ scheme: "standard-webhooks", publicKey: pk }, [], h)).toMatchObject({ status: "valid", reason: expect.stringMatching(/v1a public key/) });
    expect(verify({ scheme: "standard-webhooks" }, [secret], h)).toMatchObject({
      status: "invalid",
      reason: "The webhook-signature header has no v1 signature (v1a signatures count only with a public key configured).",
    });
    const forged = headers("webhook", `v1a,${sign(null, Buffer.from("other"), privateKey).toString("base64")}`);
    expect(verify({ scheme: "standard-webhooks", publicKey: pk }, [], forged).status).toBe("invalid");
  });
});

describe("hmac", () => {
  it("verifies the configured algorithm, encoding, prefix and secret encoding", () => {
    const key = randomBytes(32);
    const header = `sha512=${hmac("sha512", key, body).toString("base64")}`;
    const setting = { scheme: "hmac", header: "X-Sig", algorithm: "sha512", encoding: "base64", prefix: "sha512=", secretEncoding: "hex" };
    expect(verify(setting, [key.toString("hex")], [["x-sig", header]]).status).toBe("valid");
  });

  it("signs a timestamp with the payload template and enforces the tolerance both ways", () => {
    const secret = "generic-secret";
    const headers = (ts: number): [string, string][] => [
      ["X-Timestamp", String(ts)],
      ["X-Signature", hmac("sha1", secret, `${ts}:`, body, ":end").toString("hex")],
    ];
    const setting = { scheme: "hmac", header: "X-Signature", algorithm: "sha1", timestampHeader: "X-Timestamp", toleranceSeconds: 60, payload: "{timestamp}:{body}:end" };
    expect(verify(setting, [secret], headers(NOW - 60)).status).toBe("valid");
    expect(verify(setting, [secret], headers(NOW + 61)).status).toBe("expired");
    // Without a template, the default with a timestamp header is "{timestamp}.{body}".
    const dotted: [string, string][] = [["X-Timestamp", String(NOW)], ["X-Signature", hmac("sha256", secret, `${NOW}.`, body).toString("hex")]];
    expect(verify({ scheme: "hmac", header: "X-Signature", timestampHeader: "X-Timestamp" }, [secret], dotted).status).toBe("valid");
  });
});
