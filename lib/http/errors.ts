import { z } from "zod";
import { storageFailure } from "@/lib/db/errors";
import { log } from "@/lib/log/logger";
import { plainIssue } from "./plain-issue";

/** The codes a client can switch on; each maps to exactly one HTTP status. */
const STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof STATUS;

export type ErrorEnvelope = { error: { code: ErrorCode; message: string; field?: string } };

export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export const notFound = (what = "Not found") => new HttpError("not_found", what);
/** 401; where tokens are accepted the answer says how to authenticate (RFC 6750). */
export const unauthorized = (bearer = false) =>
  bearer
    ? new HttpError("unauthorized", "Send a personal API token: Authorization: Bearer whi_...", undefined, { "WWW-Authenticate": 'Bearer realm="webhook-inbox"' })
    : new HttpError("unauthorized", "Sign in to use this API");

/** The single place where any thrown value becomes an HTTP error: status, envelope, no stack. */
export function toErrorEnvelope(err: unknown): { status: number; body: ErrorEnvelope; headers?: Record<string, string> } {
  if (err instanceof HttpError) {
    return {
      status: err.status,
      headers: err.headers,
      body: { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } },
    };
  }
  if (err instanceof z.ZodError) {
    const issue = err.issues[0];
    const field = issue?.path.join(".") || undefined;
    const plain = issue ? plainIssue(issue) : "is not valid";
    // Without a field, a phrase of our own stands alone; zod's rewritten ones need a subject.
    const message = field ? `${field}: ${plain}` : issue && plain === issue.message ? plain : `The request body ${plain}`;
    return { status: 422, body: { error: { code: "validation_failed", message, ...(field ? { field } : {}) } } };
  }
  const storage = storageFailure(err);
  if (storage) {
    const message = storage === "busy" ? "The database is busy; retry shortly" : "The server cannot store data right now; retry later";
    return { status: 503, headers: { "Retry-After": "2" }, body: { error: { code: "unavailable", message } } };
  }
  log().error({ err }, "unhandled error");
  return { status: 500, body: { error: { code: "internal", message: "Internal server error" } } };
}

export function errorResponse(err: unknown): Response {
  const { status, body, headers } = toErrorEnvelope(err);
  return Response.json(body, { status, headers });
}
