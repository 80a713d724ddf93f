import { z } from "zod";
import { getRequest } from "@/lib/requests/queries";
import { explain } from "@/lib/conditions/match";
import { outboundRequest } from "./outbound-request";
import { createRuleInput } from "./rule-input";

/** A rule draft (saved or not) and the captured request to try it on. */
export const ruleTestInput = z.object({
  requestId: z.string().min(1, "is required"),
  rule: createRuleInput.pick({ targetUrl: true, conditions: true, headers: true }),
});
export type RuleTestInput = z.infer<typeof ruleTestInput>;

/**
 * Would this rule forward that request, and what exactly would go out? Each condition's own
 * outcome is reported so the builder can mark the ones that fail. Nothing is sent.
 */
export async function testRule(userId: string, endpointId: string, input: RuleTestInput) {
  const request = await getRequest(userId, endpointId, input.requestId);
  const results = explain(input.rule.conditions, {
    method: request.method,
    path: request.path,
    headers: JSON.parse(request.headers) as [string, string][],
    body: request.body,
    contentType: request.contentType,
  });
  const out = outboundRequest({ targetUrl: input.rule.targetUrl, ...input.rule.headers }, request);
  return { matches: results.every((r) => r.ok), conditions: results.map((r) => r.ok), outbound: { ...out, bodySize: request.size } };
}
export type RuleTestResult = Awaited<ReturnType<typeof testRule>>;
