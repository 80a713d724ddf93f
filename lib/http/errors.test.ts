import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { HttpError, toErrorEnvelope } from "./errors";

describe("toErrorEnvelope", () => {
  it("maps HttpError codes to statuses", () => {
    expect(toErrorEnvelope(new HttpError("not_found", "Endpoint not found"))).toEqual({
      status: 404, headers: undefined, body: { error: { code: "not_found", message: "Endpoint not found" } },
    });
    expect(toErrorEnvelope(new HttpError("payload_too_large", "too big")).status).toBe(413);
  });

  it("turns zod failures into 422 naming the field", () => {
    const r = z.object({ rule: z.object({ url: z.url() }) }).safeParse({ rule: { url: "nope" } });
    const env = toErrorEnvelope(r.error);
    expect(env.status).toBe(422);
    expect(env.body.error.field).toBe("rule.url");
    expect(env.body.error.message).toMatch(/^rule\.url: /);
  });

  it("hides unexpected errors behind a generic 500", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const env = toErrorEnvelope(new Error("secret detail at /srv/app.ts:12"));
    expect(env).toEqual({ status: 500, body: { error: { code: "internal", message: "Internal server error" } } });
  });
});
