import { describe, expect, it } from "vitest";
import { weakPasswordReason } from "./password-strength";

describe("weakPasswordReason", () => {
  it.each(["password", "12345678", "        ", "qwertyuiop", "Password1"])("refuses %j", (p) => {
    expect(weakPasswordReason(p)).toMatch(/^is too easy to guess\./);
  });

  it("accepts passphrases", () => {
    expect(weakPasswordReason("correct-horse-battery")).toBeNull();
    expect(weakPasswordReason("journey-password")).toBeNull();
  });

  it("counts the email as guessable", () => {
    expect(weakPasswordReason("ada.lovelace1815", [])).toBeNull();
    expect(weakPasswordReason("ada.lovelace1815", ["ada.lovelace1815@example.com", "ada.lovelace1815"])).not.toBeNull();
  });
});
