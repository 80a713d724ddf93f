import { describe, expect, it } from "vitest";
import fixture from "@/tests/fixtures/signature-vectors.json";
import { verificationSetting } from "./settings";
import { verifySignature, type SignatureStatus } from "./verify";

/**
 * The published vectors (copied from the shared set into tests/fixtures): every valid case must
 * verify, every invalid one must fail with the status its "why" states.
 */
type Vector = { scheme: string; secret: string; headers: Record<string, string>; body: string; now?: number; why?: string; source?: string };

// Each "why" in the file, mapped to the status and reason it means; an unknown one fails the test.
const EXPECTED_FOR_WHY: Record<string, { status: SignatureStatus; reason: RegExp }> = {
  "signature from another message (decoy)": { status: "invalid", reason: /signature does not match the body/ },
  "timestamp outside the 5 minute tolerance": { status: "expired", reason: /timestamp is outside the 300 s tolerance/ },
  "body changed by one byte": { status: "invalid", reason: /signature does not match the body/ },
};

// The JSON import's inferred type is a union of the literal cases; the test reads them as Vectors.
const vectors = fixture as unknown as { valid: Vector[]; invalid: Vector[] };

function run(v: Vector) {
  const setting = verificationSetting.parse({ scheme: v.scheme });
  return verifySignature(setting, [{ secret: v.secret, hint: v.secret.slice(-4) }], {
    headers: Object.entries(v.headers),
    body: new TextEncoder().encode(v.body),
    // Cases without "now" carry no timestamp; any time will do.
    nowMs: (v.now ?? 1_700_000_000) * 1000,
  });
}

describe("published signature vectors", () => {
  it("has cases of both kinds", () => {
    expect(vectors.valid.length).toBeGreaterThan(0);
    expect(vectors.invalid.length).toBeGreaterThan(0);
  });

  it.each(vectors.valid.map((v) => [`${v.scheme}: ${v.source ?? ""}`, v] as const))("valid: %s", (_, v) => {
    const result = run(v);
    expect(result).toMatchObject({ status: "valid", scheme: v.scheme, secretHint: v.secret.slice(-4) });
  });

  it.each(vectors.invalid.map((v) => [`${v.scheme}: ${v.why}`, v] as const))("invalid: %s", (_, v) => {
    const expected = EXPECTED_FOR_WHY[v.why!];
    expect(expected, `no status mapped for "${v.why}"`).toBeDefined();
    const result = run(v);
    expect(result.status).toBe(expected.status);
    expect(result.reason).toMatch(expected.reason);
  });
});
