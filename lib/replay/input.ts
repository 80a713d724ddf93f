import { z } from "zod";
import { HEADER_NAME } from "@/lib/endpoints/settings";
import { isConnectionHeader } from "@/lib/forwarding/outbound-headers";
import { targetUrlTemplate } from "@/lib/forwarding/target-url";

/** What the replay API accepts; zod issues become 422s naming the field (e.g. `edit.headers.3.0`). */

// RFC 9110 method token, as Node's client will send it.
const method = z.string().max(32).regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "must be an HTTP method token such as POST");
// Values as Node's client accepts them: no control characters or line breaks (they would split headers).
const headerValue = z.string().max(16 * 1024).regex(/^[\t\x20-\x7e\x80-\xff]*$/, "must not contain control characters or line breaks");
const headerName = z
  .string()
  .regex(HEADER_NAME, "must be a valid header name")
  .refine((n) => !isConnectionHeader(n), "is set by the sender for the connection (Host, Content-Length, Transfer-Encoding and hop-by-hop headers)");
const base64 = z.string().regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, "must be standard base64");

export const replayEdit = z.object({
  method: method.optional(),
  /** The full list to send, in order: nothing is added to it. */
  headers: z.array(z.tuple([headerName, headerValue])).max(200).optional(),
  bodyBase64: base64.optional(),
});
export type ReplayEdit = z.infer<typeof replayEdit>;

/** One target: a rule of the endpoint (its URL template and header changes), or a URL typed in. */
const targetFields = { ruleId: z.string().min(1).max(64).optional(), targetUrl: targetUrlTemplate.optional() };
export type ReplayTargetInput = { ruleId?: string; targetUrl?: string };
function oneTarget(v: ReplayTargetInput, ctx: z.RefinementCtx) {
  if ((v.ruleId === undefined) === (v.targetUrl === undefined)) ctx.addIssue({ code: "custom", path: ["targetUrl"], message: "give exactly one of ruleId and targetUrl" });
}

export const replayInput = z
  .object({
    ...targetFields,
    edit: replayEdit.optional(),
    /** Fresh signature headers for the bytes sent, with the endpoint's verification secret. */
    resign: z.boolean().default(false),
  })
  .superRefine(oneTarget);
export type ReplayInput = z.infer<typeof replayInput>;

export const MAX_BULK_REPLAY = 10_000;

/** A bulk replay: the requests matching the list's search (`filters.q`, the query language; "" for all) or a selection. */
export const bulkReplayInput = z
  .object({
    ...targetFields,
    filters: z.object({ q: z.string().max(4000).default("") }).optional(),
    requestIds: z.array(z.string().min(1).max(64)).min(1, "must name at least one request").max(MAX_BULK_REPLAY).optional(),
    ratePerSecond: z.number().min(0.1).max(1000).default(10),
  })
  .superRefine((v, ctx) => {
    oneTarget(v, ctx);
    if ((v.filters === undefined) === (v.requestIds === undefined)) ctx.addIssue({ code: "custom", path: ["filters"], message: "give exactly one of filters ({q}: a search, \"\" for all) and requestIds" });
  });
export type BulkReplayInput = z.infer<typeof bulkReplayInput>;
