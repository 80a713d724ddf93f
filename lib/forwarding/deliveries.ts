import { getPrisma } from "@/lib/db/client";
import { notFound } from "@/lib/http/errors";
import { utf8OrNull } from "@/lib/requests/utf8";
import { publishDeliveriesChanged, publishDeliveryChange } from "./events";
import { kickDeliveries } from "./kick";
import { getRule } from "./rules";

/** Deliveries and their attempts, scoped through request -> endpoint -> owner. */
export async function listDeliveries(userId: string, endpointId: string, requestId: string) {
  const request = await getPrisma().capturedRequest.findFirst({ where: { id: requestId, endpointId, endpoint: { userId } }, select: { id: true } });
  if (!request) throw notFound("Request not found");
  return getPrisma().delivery.findMany({
    where: { requestId },
    orderBy: { createdAt: "asc" },
    include: { attempts: { orderBy: { startedAt: "asc" } }, rule: { select: { name: true } } },
  });
}

/** A rule's most recent deliveries (newest first), each with its attempts and request summary. */
export async function listRuleDeliveries(userId: string, endpointId: string, ruleId: string, limit = 50) {
  await getRule(userId, endpointId, ruleId);
  return getPrisma().delivery.findMany({
    where: { ruleId, request: { endpointId, endpoint: { userId } } },
    orderBy: { createdAt: "desc" },
    take: limit,
    include: {
      attempts: { orderBy: { startedAt: "asc" } },
      rule: { select: { name: true } },
      request: { select: { id: true, seq: true, method: true, path: true, query: true } },
    },
  });
}

type DeliveryWithAttempts = Awaited<ReturnType<typeof listDeliveries>>[number] & {
  request?: { id: string; seq: number; method: string; path: string; query: string };
};

export function presentDelivery(d: DeliveryWithAttempts) {
  return {
    id: d.id,
    // rule: sent by a forwarding rule; replay: sent from the dashboard or API; cli: forwarded by the CLI, which reported it.
    kind: d.kind,
    ruleId: d.ruleId,
    ruleName: d.rule?.name ?? null,
    replayJobId: d.replayJobId,
    state: d.state,
    attemptCount: d.attemptCount,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    lastError: d.lastError,
    request: d.request ?? null,
    // What a replay or CLI forward sent, as it carries it: the body only when it was edited (null: the
    // captured bytes). Null for a rule's delivery, which sends what its rule says.
    sent: d.targetUrl === null ? null : {
      url: d.targetUrl,
      method: d.method,
      headers: d.headers === null ? null : (JSON.parse(d.headers) as [string, string][]),
      bodyBase64: d.body ? Buffer.from(d.body).toString("base64") : null,
    },
    attempts: d.attempts.map((a) => {
      const responseText = a.responseBody ? utf8OrNull(a.responseBody) : null;
      return {
        startedAt: a.startedAt.toISOString(),
        target: a.target,
        status: a.status,
        durationMs: a.durationMs,
        error: a.error,
        responseHeaders: a.responseHeaders ? (JSON.parse(a.responseHeaders) as [string, string][]) : [],
        responseBodyBase64: a.responseBody ? Buffer.from(a.responseBody).toString("base64") : null,
        responseText,
      };
    }),
  };
}
export type DeliveryDto = ReturnType<typeof presentDelivery>;

/** Manual retry of one delivery: a fresh schedule starting now. */
export async function retryDelivery(userId: string, endpointId: string, deliveryId: string) {
  const { count } = await getPrisma().delivery.updateMany({
    // A CLI forward was sent by the CLI to the user's own machine: there is nothing here to resend.
    where: { id: deliveryId, kind: { not: "cli" }, state: { in: ["failed", "cancelled", "retrying"] }, request: { endpointId, endpoint: { userId } } },
    data: { state: "pending", attemptCount: 0, nextAttemptAt: new Date(), updatedAt: new Date() },
  });
  if (count === 0) throw notFound("No retryable delivery with this id");
  kickDeliveries();
  await publishDeliveryChange(getPrisma(), endpointId, deliveryId);
}

export async function cancelDelivery(userId: string, endpointId: string, deliveryId: string) {
  const { count } = await getPrisma().delivery.updateMany({
    where: { id: deliveryId, state: { in: ["pending", "retrying"] }, request: { endpointId, endpoint: { userId } } },
    data: { state: "cancelled", nextAttemptAt: null, updatedAt: new Date() },
  });
  if (count === 0) throw notFound("No pending delivery with this id");
  await publishDeliveryChange(getPrisma(), endpointId, deliveryId);
}

/** Every failed delivery of a rule goes back in the queue. Returns how many. */
export async function retryFailedForRule(userId: string, endpointId: string, ruleId: string): Promise<number> {
  await getRule(userId, endpointId, ruleId);
  const { count } = await getPrisma().delivery.updateMany({
    where: { ruleId, state: "failed" },
    data: { state: "pending", attemptCount: 0, nextAttemptAt: new Date(), updatedAt: new Date() },
  });
  if (count) {
    kickDeliveries();
    publishDeliveriesChanged(endpointId);
  }
  return count;
}

/** How many deliveries are in each state, process-wide (for /metrics; not user data, so unscoped). */
export async function countDeliveriesByState(): Promise<Record<string, number>> {
  const rows = await getPrisma().delivery.groupBy({ by: ["state"], _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.state, r._count._all]));
}
