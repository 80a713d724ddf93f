import { z } from "zod";
import { refusedHeaderReason } from "./response-policy";

/**
 * What an endpoint answers and how much it keeps. Validated here for the API and dashboard;
 * header names/values are checked so a configured response can never split or smuggle headers.
 */
/** RFC 9110 token: the characters a header name may contain. */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const RESERVED = new Set(["content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "trailer"]);

export const responseHeader = z.tuple([
  z.string().regex(HEADER_NAME, "must be a valid header name").refine((n) => !RESERVED.has(n.toLowerCase()), "is set by the server"),
  z.string().max(8192).regex(/^[\t\x20-\x7e\x80-\xff]*$/, "must not contain control characters or line breaks"),
]);

/** A header of the inbound URL's answer: also refused when it would act on the site's origin. */
const configuredResponseHeader = responseHeader.superRefine(([name], ctx) => {
  const reason = refusedHeaderReason(name);
  if (reason) ctx.addIssue({ code: "custom", path: [0], message: reason });
});

export const responseSettings = z.object({
  // 1xx are interim answers: a sender would still be waiting for the final one.
  status: z.number().int().min(200, "must be a final status (200-599)").max(599),
  headers: z.array(configuredResponseHeader).max(50),
  body: z.string().max(256 * 1024, "must be at most 256 KiB").nullable(),
  delayMs: z.number().int().min(0).max(30_000),
});
export type ResponseSettings = z.infer<typeof responseSettings>;

export const DEFAULT_RESPONSE: ResponseSettings = { status: 200, headers: [], body: null, delayMs: 0 };

export const limitSettings = z.object({
  maxRequests: z.number().int().min(1).max(10_000_000),
  rateLimitPerMinute: z.number().int().min(1).max(1_000_000).nullable(),
});

/** Stored form of the headers column: JSON text of [name, value] pairs. */
export function parseStoredHeaders(json: string): [string, string][] {
  try {
    const parsed = z.array(z.tuple([z.string(), z.string()])).safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
