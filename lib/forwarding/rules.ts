import { endpointChanged } from "@/lib/events/endpoint-changes";
import { getPrisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { getEndpoint } from "@/lib/endpoints/queries";
import { eventBus } from "@/lib/events/bus";
import { notFound } from "@/lib/http/errors";
import type { Condition } from "@/lib/conditions/schema";
import { kickDeliveries } from "./kick";
import type { RetryPolicy } from "./retry-policy";
import type { CreateRuleInput, UpdateRuleInput } from "./rule-input";

/** Forwarding rules, always reached through an endpoint the user owns. */
type RuleRow = Prisma.ForwardRuleGetPayload<object> & { heldCount?: number };

export function presentRule(r: RuleRow) {
  return {
    id: r.id,
    endpointId: r.endpointId,
    name: r.name,
    enabled: r.enabled,
    targetUrl: r.targetUrl,
    conditions: JSON.parse(r.conditions) as Condition[],
    headers: { add: JSON.parse(r.addHeaders) as [string, string][], remove: JSON.parse(r.removeHeaders) as string[] },
    timeoutMs: r.timeoutMs,
    retry: r.retry ? (JSON.parse(r.retry) as RetryPolicy) : null,
    consecutiveFailures: r.consecutiveFailures,
    pausedAt: r.pausedAt?.toISOString() ?? null,
    pausedReason: r.pausedReason,
    // Requests that matched while the rule was paused, waiting for "resume" (release or discard).
    heldCount: r.heldCount ?? 0,
    createdAt: r.createdAt.toISOString(),
  };
}
export type RuleDto = ReturnType<typeof presentRule>;

const owned = (userId: string, endpointId: string) => ({ endpointId, endpoint: { userId } });

const withHeldCount = { _count: { select: { deliveries: { where: { state: "held" } } } } } as const;
const flattenCount = <T extends { _count: { deliveries: number } }>({ _count, ...rule }: T) => ({ ...rule, heldCount: _count.deliveries });

/** Open dashboards show rule changes (a pause by the engine included) as they happen. */
function publishRule(rule: RuleRow) {
  eventBus().publish({ type: "rule", endpointId: rule.endpointId, rule: presentRule(rule) });
}

export async function publishRuleById(ruleId: string) {
  const rule = await getPrisma().forwardRule.findUnique({ where: { id: ruleId }, include: withHeldCount });
  if (rule) publishRule(flattenCount(rule));
}

export async function listRules(userId: string, endpointId: string) {
  await getEndpoint(userId, endpointId);
  const rules = await getPrisma().forwardRule.findMany({ where: owned(userId, endpointId), orderBy: { createdAt: "asc" }, include: withHeldCount });
  return rules.map(flattenCount);
}

export async function getRule(userId: string, endpointId: string, ruleId: string) {
  const rule = await getPrisma().forwardRule.findFirst({ where: { id: ruleId, ...owned(userId, endpointId) }, include: withHeldCount });
  if (!rule) throw notFound("Rule not found");
  return flattenCount(rule);
}

export async function createRule(userId: string, endpointId: string, input: CreateRuleInput) {
  await getEndpoint(userId, endpointId);
  const rule = await getPrisma().forwardRule.create({
    data: {
      endpointId,
      name: input.name,
      enabled: input.enabled,
      targetUrl: input.targetUrl,
      conditions: JSON.stringify(input.conditions),
      addHeaders: JSON.stringify(input.headers.add),
      removeHeaders: JSON.stringify(input.headers.remove),
      timeoutMs: input.timeoutMs,
      retry: input.retry ? JSON.stringify(input.retry) : null,
    },
  });
  endpointChanged(endpointId);
  publishRule(rule);
  return rule;
}

export async function updateRule(userId: string, endpointId: string, ruleId: string, input: UpdateRuleInput) {
  const before = await getRule(userId, endpointId, ruleId);
  const prisma = getPrisma();
  await prisma.forwardRule.update({
    where: { id: ruleId },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.targetUrl !== undefined ? { targetUrl: input.targetUrl } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      ...(input.conditions !== undefined ? { conditions: JSON.stringify(input.conditions) } : {}),
      ...(input.headers !== undefined ? { addHeaders: JSON.stringify(input.headers.add), removeHeaders: JSON.stringify(input.headers.remove) } : {}),
      ...(input.timeoutMs !== undefined ? { timeoutMs: input.timeoutMs } : {}),
      ...(input.retry !== undefined ? { retry: input.retry ? JSON.stringify(input.retry) : null } : {}),
      ...(input.paused === false ? { pausedAt: null, pausedReason: null, consecutiveFailures: 0 } : {}),
      ...(input.paused === true && !before.pausedAt ? { pausedAt: new Date(), pausedReason: "Paused by you" } : {}),
    },
  });
  if (input.paused === false) await settleHeld(ruleId, input.held ?? "release");
  endpointChanged(endpointId);
  // Deliveries queued while the rule was paused or off are due now: no timer is waiting for them.
  if (input.paused === false || input.enabled === true) kickDeliveries();
  const rule = await getRule(userId, endpointId, ruleId);
  publishRule(rule);
  return rule;
}

/**
 * On resume, what the rule held while paused is either queued now (the engine starts deliveries
 * oldest first: see CLAIM_SQL's order) or cancelled with the reason shown on each delivery.
 */
async function settleHeld(ruleId: string, choice: "release" | "discard") {
  const now = new Date();
  await getPrisma().delivery.updateMany({
    where: { ruleId, state: "held" },
    data: choice === "release"
      ? { state: "pending", nextAttemptAt: now, updatedAt: now }
      : { state: "cancelled", nextAttemptAt: null, lastError: "Discarded when the rule was resumed", updatedAt: now },
  });
}

export async function deleteRule(userId: string, endpointId: string, ruleId: string) {
  await getRule(userId, endpointId, ruleId);
  await getPrisma().forwardRule.delete({ where: { id: ruleId } });
  endpointChanged(endpointId);
  eventBus().publish({ type: "rule-deleted", endpointId, id: ruleId });
}
