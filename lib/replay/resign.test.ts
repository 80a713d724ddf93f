import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verificationSetting } from "@/lib/signatures/settings";
import { verifySignature } from "@/lib/signatures/verify";
import { replaceHeaders, resignedHeaders } from "./resign";

const NOW = 1_750_000_000;
const stripe = verificationSetting.parse({ scheme: "stripe" });
const github = verificationSetting.parse({ scheme: "github" });

describe("replaceHeaders", () => {
  it("puts fresh values where the first copy was, drops other copies, appends new names, keeps the rest", () => {
    const headers: [string, string][] = [["A", "1"], ["stripe-signature", "old"], ["B", "2"], ["Stripe-Signature", "older"]];
    expect(replaceHeaders(headers, [["Stripe-Signature", "new"], ["X-Ts", "9"]])).toEqual([["A", "1"], ["Stripe-Signature", "new"], ["B", "2"], ["X-Ts", "9"]]);
  });
});

describe("resignedHeaders", () => {
  it("signs the bytes being sent with each setting's newest secret, verifiable at the new time", () => {
    const body = Buffer.from(`{"edited":true}`);
    const settings = [
      { setting: stripe, secrets: [{ secret: "whsec_new-one", hint: "-one" }, { secret: "whsec_old-one", hint: "-one" }] },
      { setting: github, secrets: [{ secret: "gh-secret", hint: "cret" }] },
    ];
    const headers: [string, string][] = [["Content-Type", "application/json"], ["Stripe-Signature", "t=1,v1=stale"], ["X-Hub-Signature-256", "sha256=stale"]];
    const out = resignedHeaders(settings, headers, body, NOW * 1000)!;
    const expected = createHmac("sha256", "whsec_new-one").update(`${NOW}.`).update(body).digest("hex");
    expect(out[1]).toEqual(["Stripe-Signature", `t=${NOW},v1=${expected}`]);
    expect(out[0]).toEqual(["Content-Type", "application/json"]);
    for (const { setting, secrets } of settings) expect(verifySignature(setting, secrets.slice(0, 1), { headers: out, body, nowMs: NOW * 1000 }).status).toBe("valid");
  });

  it("is null when no setting has a secret to sign with", () => {
    expect(resignedHeaders([], [], Buffer.alloc(0), NOW)).toBeNull();
    expect(resignedHeaders([{ setting: stripe, secrets: [] }], [], Buffer.alloc(0), NOW)).toBeNull();
  });
});
