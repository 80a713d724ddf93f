import { describe, expect, it } from "vitest";
import { CliError, EXIT } from "./errors";
import { resolveEndpoints } from "./main";
import { retryDelay } from "./retry";

const available = [
  { id: "ep1", name: "Stripe", url: "http://localhost:3000/h/AbC_d-1" },
  { id: "ep2", name: null, url: "https://hooks.example.com/h/zzz" },
];

describe("resolveEndpoints", () => {
  it("takes ids and inbound URLs (by slug, whatever host or sub-path)", () => {
    expect(resolveEndpoints(available, ["ep2", "https://inbox.example.com/h/AbC_d-1/stripe?x=1"]).map((e) => e.id)).toEqual(["ep2", "ep1"]);
  });

  it("refuses an unknown one with exit code 4, listing the ones the token may use", () => {
    const err = (() => {
      try {
        resolveEndpoints(available, ["ep1", "nope"]);
      } catch (e) {
        return e as CliError;
      }
    })();
    expect(err).toBeInstanceOf(CliError);
    expect(err!.exitCode).toBe(EXIT.unknownEndpoint);
    expect(err!.message).toBe("Unknown endpoint nope: not one this token may use (it may use: ep1 (Stripe), ep2).");
  });
});

describe("retryDelay", () => {
  it("doubles from the base up to the cap", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelay(n, 1000, 30_000))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });
});
