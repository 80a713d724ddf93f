import { decode, encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { decodeSessionJwt } from "./session-jwt";

const secret = "a-test-secret-of-at-least-thirty-two-chars";

describe("decodeSessionJwt", () => {
  it("reads what next-auth's encode wrote exactly as next-auth's decode does, salt or not", async () => {
    for (const salt of [undefined, "authjs.session-token"]) {
      const token = await encode({ token: { sid: "s1", uid: "u1", email: "a@example.com" }, secret, salt });
      const ours = await decodeSessionJwt({ token, secret, salt });
      expect(ours).toEqual(await decode({ token, secret, salt }));
      expect(ours).toMatchObject({ sid: "s1", uid: "u1", email: "a@example.com" });
      // Again: the second call uses the kept key.
      expect(await decodeSessionJwt({ token, secret, salt })).toEqual(ours);
    }
    expect(await decodeSessionJwt({ token: undefined, secret })).toBeNull();
  });

  it("refuses a token made with another secret, another salt, or expired beyond next-auth's 15 s tolerance", async () => {
    const token = await encode({ token: { sid: "s1" }, secret });
    await expect(decodeSessionJwt({ token, secret: `${secret}-other` })).rejects.toThrow();
    await expect(decodeSessionJwt({ token, secret, salt: "x" })).rejects.toThrow();
    const expired = await encode({ token: { sid: "s1" }, secret, maxAge: -16 });
    await expect(decodeSessionJwt({ token: expired, secret })).rejects.toThrow(/exp/);
    await expect(decode({ token: expired, secret })).rejects.toThrow(/exp/);
    const withinTolerance = await encode({ token: { sid: "s1" }, secret, maxAge: -5 });
    expect(await decodeSessionJwt({ token: withinTolerance, secret })).toMatchObject({ sid: "s1" });
  });
});
