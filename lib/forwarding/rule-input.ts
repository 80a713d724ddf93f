import { z } from "zod";
import { HEADER_NAME, responseHeader } from "@/lib/endpoints/settings";
import { conditionList } from "@/lib/conditions/schema";
import { retryPolicy } from "./retry-policy";
import { targetUrlTemplate } from "./target-url";

/** Forwarding rule definitions as the API accepts them; zod issues become 422 naming the field. */
const headerName = z.string().regex(HEADER_NAME, "must be a valid header name");

export const createRuleInput = z.object({
  name: z.string().trim().min(1, "is required").max(100),
  targetUrl: targetUrlTemplate,
  enabled: z.boolean().default(true),
  conditions: conditionList.default([]),
  headers: z
    .object({ add: z.array(responseHeader).max(50).default([]), remove: z.array(headerName).max(50).default([]) })
    .default({ add: [], remove: [] }),
  timeoutMs: z.number().int().min(100).max(60_000).default(15_000),
  // null or absent: the default schedule (immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h).
  retry: retryPolicy.nullable().default(null),
});
export type CreateRuleInput = z.infer<typeof createRuleInput>;

export const updateRuleInput = z
  .object({
    name: z.string().trim().min(1, "is required").max(100),
    targetUrl: targetUrlTemplate,
    enabled: z.boolean(),
    conditions: conditionList,
    headers: z.object({ add: z.array(responseHeader).max(50), remove: z.array(headerName).max(50) }),
    timeoutMs: z.number().int().min(100).max(60_000),
    retry: retryPolicy.nullable(),
    // true pauses the rule: matching requests are then held, not sent. false resumes it (also one
    // paused after repeated failures); what was held is released (sent, oldest first) or discarded.
    paused: z.boolean(),
    held: z.enum(["release", "discard"]),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "nothing to update")
  .refine((v) => v.held === undefined || v.paused === false, { message: "only applies when resuming (paused: false)", path: ["held"] });
export type UpdateRuleInput = z.infer<typeof updateRuleInput>;
