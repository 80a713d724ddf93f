import { describe, expect, it } from "vitest";
import { z } from "zod";
import { plainIssue } from "./plain-issue";

const first = (schema: z.ZodType, value: unknown) => plainIssue(schema.safeParse(value).error!.issues[0]);

describe("plainIssue", () => {
  it("says what a value must be instead of zod's type jargon", () => {
    expect(first(z.number(), null)).toBe("must be a number");
    expect(first(z.number().int(), 1.5)).toBe("must be a whole number");
    expect(first(z.object({ a: z.number() }), {})).toBe("is required");
    expect(first(z.string(), 3)).toBe("must be text");
    expect(first(z.array(z.string()), "x")).toBe("must be a list");
  });

  it("states bounds as limits", () => {
    expect(first(z.number().min(100).max(599), 1000)).toBe("must be at most 599");
    expect(first(z.number().min(100), 5)).toBe("must be at least 100");
    expect(first(z.number().gt(0), 0)).toBe("must be greater than 0");
    expect(first(z.string().min(1), "")).toBe("is required");
    expect(first(z.string().min(8), "short")).toBe("must be at least 8 characters");
    expect(first(z.string().max(3), "long")).toBe("must be at most 3 characters");
    expect(first(z.array(z.number()).min(1), [])).toBe("must have at least 1 item");
  });

  it("lists the allowed options for enums and discriminated unions", () => {
    expect(first(z.enum(["fixed", "linear"]), "x")).toBe("must be one of: fixed, linear");
    const u = z.discriminatedUnion("type", [z.object({ type: z.literal("method") }), z.object({ type: z.literal("path") })]);
    expect(first(u, { type: "nope" })).toBe("must be one of: method, path");
    expect(first(z.email(), "x")).toBe("must be a valid email address");
  });

  it("keeps messages written in our own schemas", () => {
    expect(first(z.string().min(1, "is required"), "")).toBe("is required");
    expect(first(z.string().refine(() => false, "must start with /"), "a")).toBe("must start with /");
  });
});
