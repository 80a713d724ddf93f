import { z } from "zod";
import { HEADER_NAME } from "@/lib/endpoints/settings";
import { compileRegex } from "./regex";

/**
 * Conditions: what a captured request must look like, shared by forwarding rules (a rule forwards
 * only when ALL its conditions hold; an empty list holds vacuously) and request search.
 * This module is the schema only; `match.ts` evaluates conditions.
 */

// Methods use the header-name token grammar (RFC 9110 tchar) but must also be upper-case, because
// method names are case-sensitive and senders use the canonical upper-case spelling.
const METHOD_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Z-]+$/;
const JSON_PATH = /^(?:[A-Za-z_$][\w$-]*|\[\d{1,9}\])(?:\.[A-Za-z_$][\w$-]*|\[\d{1,9}\])*$/;

const pattern = z
  .string()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .refine((p) => compileRegex(p) !== null, "must be a valid regular expression that runs in linear time (no backreferences or lookarounds)");
// Patterns always run without flags (case-sensitive, no multiline); an explicit non-empty flags
// value is refused instead of being silently ignored.
const flags = z.literal("", "flags are not supported (use character classes such as [Aa])").optional();
const headerName = z.string().max(256).regex(HEADER_NAME, "must be a valid header name");
const jsonPath = z.string().max(256).regex(JSON_PATH, "must be a dotted path such as data.object.id or items[0].sku");
const scalar = z.union([z.string().max(8192), z.number(), z.boolean(), z.null()]);
// Any condition can be negated: `not: true` holds exactly when the condition itself does not (so a
// negated json condition also holds when the field is missing or the body is not JSON).
const not = z.boolean().optional();

/** What a signature check can conclude (lib/signatures/verify.ts); "none": no setting applies. */
export const SIGNATURE_STATUSES = ["valid", "invalid", "expired", "missing", "none"] as const;

const header = z.discriminatedUnion("op", [
  z.object({ type: z.literal("header"), not, name: headerName, op: z.literal("exists") }),
  z.object({ type: z.literal("header"), not, name: headerName, op: z.literal("equals"), value: z.string().max(8192) }),
  z.object({ type: z.literal("header"), not, name: headerName, op: z.literal("matches"), pattern, flags }),
]);

const json = z.discriminatedUnion("op", [
  z.object({ type: z.literal("json"), not, path: jsonPath, op: z.literal("exists") }),
  z.object({ type: z.literal("json"), not, path: jsonPath, op: z.literal("equals"), value: scalar }),
  z.object({ type: z.literal("json"), not, path: jsonPath, op: z.literal("in"), values: z.array(scalar).min(1).max(100) }),
  z.object({ type: z.literal("json"), not, path: jsonPath, op: z.enum(["gt", "gte", "lt", "lte"]), value: z.number() }),
  z.object({ type: z.literal("json"), not, path: jsonPath, op: z.literal("matches"), pattern, flags }),
]);

export const condition = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("method"),
    not,
    in: z.array(z.string().max(32).regex(METHOD_TOKEN, "must be an upper-case method token such as POST")).min(1).max(20),
  }),
  z.object({
    type: z.literal("path"),
    not,
    // Sub-paths always start with "/", so a glob that does not can never match: refuse it up front.
    glob: z.string().max(512).startsWith("/", "must start with /"),
  }),
  header,
  json,
  z.object({ type: z.literal("body"), not, op: z.literal("contains"), value: z.string().min(1).max(4096) }),
  // The provider-signature check made at capture (lib/signatures): e.g. forward only valid ones.
  z.object({ type: z.literal("signature"), not, status: z.enum(SIGNATURE_STATUSES, `must be one of ${"valid, invalid, expired, missing, none"}`) }),
]);
export const conditionList = z.array(condition).max(50);


export type Condition = z.infer<typeof condition>;

/** Segments of a validated path: names as strings, array indexes as numbers. */
export function parseJsonPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([A-Za-z_$][\w$-]*)|\[(\d+)\]/g)) out.push(m[1] !== undefined ? m[1] : Number(m[2]));
  return out;
}
