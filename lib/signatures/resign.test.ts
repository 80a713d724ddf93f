import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { resignHeaders } from "./resign";
import { verificationSetting } from "./settings";
import { verifySignature } from "./verify";

/** Re-signed headers must verify at the new time, and equal what node:crypto computes independently. */
const THEN = 1_600_000_000;
const NOW = 1_750_000_000;
const body = Buffer.from([0x7b, 0x7d, 0xff]);
const hmac = (alg: string, key: string | Buffer, ...parts: (string | Buffer)[]) => {
  const h = createHmac(alg, key);
  for (const p of parts) h.update(p);
  return h.digest();
};
const entries = (secret: string) => [{ secret, hint: secret.slice(-4) }];

describe("resignHeaders", () => {
  it("Standard Webhooks: keeps the message id and header family, fresh timestamp and v1 signature", () => {
    const raw = randomBytes(24);
    const secret = `whsec_${raw.toString("base64")}`;
    const setting = verificationSetting.parse({ scheme: "standard-webhooks" });
    const captured: [string, string][] = [["svix-id", "msg_7"], ["svix-timestamp", String(THEN)], ["svix-signature", "v1,old"]];
    const pairs = resignHeaders(setting, secret, { headers: captured, body, nowMs: NOW * 1000 + 999 });
    expect(pairs).toEqual([
      ["svix-id", "msg_7"],
      ["svix-timestamp", String(NOW)],
      ["svix-signature", `v1,${hmac("sha256", raw, `msg_7.${NOW}.`, body).toString("base64")}`],
    ]);
    expect(verifySignature(setting, entries(secret), { headers: pairs, body, nowMs: NOW * 1000 }).status).toBe("valid");
  });

  it("Standard Webhooks: a new message id when none was captured, or when one is given", () => {
    const setting = verificationSetting.parse({ scheme: "standard-webhooks" });
    const secret = `whsec_${randomBytes(24).toString("base64")}`;
    const fresh = resignHeaders(setting, secret, { headers: [], body, nowMs: NOW * 1000 });
    expect(fresh[0]).toEqual(["webhook-id", expect.stringMatching(/^msg_[\w-]{22}$/)]);
    const given = resignHeaders(setting, secret, { headers: [["webhook-id", "msg_1"]], body, nowMs: NOW * 1000, id: "msg_replay" });
    expect(given[0]).toEqual(["webhook-id", "msg_replay"]);
    expect(verifySignature(setting, entries(secret), { headers: given, body, nowMs: NOW * 1000 }).status).toBe("valid");
  });

  it("Stripe: t=now,v1=<hex> over now.body with the whole secret", () => {
    const secret = "whsec_stripe-9999";
    const setting = verificationSetting.parse({ scheme: "stripe" });
    const pairs = resignHeaders(setting, secret, { headers: [["Stripe-Signature", `t=${THEN},v1=old`]], body, nowMs: NOW * 1000 });
    expect(pairs).toEqual([["Stripe-Signature", `t=${NOW},v1=${hmac("sha256", secret, `${NOW}.`, body).toString("hex")}`]]);
    expect(verifySignature(setting, entries(secret), { headers: pairs, body, nowMs: NOW * 1000 }).status).toBe("valid");
  });

  it("generic HMAC: prefix, encoding, template and the timestamp header", () => {
    const secret = "generic-secret";
    const setting = verificationSetting.parse({
      scheme: "hmac",
      header: "X-Sig",
      algorithm: "sha512",
      encoding: "base64",
      prefix: "sha512=",
      timestampHeader: "X-Ts",
      payload: "v1:{timestamp}:{body}",
    });
    const pairs = resignHeaders(setting, secret, { headers: [], body, nowMs: NOW * 1000 });
    expect(pairs).toEqual([
      ["X-Sig", `sha512=${hmac("sha512", secret, `v1:${NOW}:`, body).toString("base64")}`],
      ["X-Ts", String(NOW)],
    ]);
    expect(verifySignature(setting, entries(secret), { headers: pairs, body, nowMs: NOW * 1000 }).status).toBe("valid");
  });

  it("GitHub, Shopify and Slack (for an edited body) re-sign too", () => {
    for (const scheme of ["github", "shopify", "slack"]) {
      const setting = verificationSetting.parse({ scheme });
      const pairs = resignHeaders(setting, "some-secret", { headers: [], body, nowMs: NOW * 1000 });
      expect(verifySignature(setting, entries("some-secret"), { headers: pairs, body, nowMs: NOW * 1000 }).status).toBe("valid");
    }
  });
});
