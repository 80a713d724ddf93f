import type { PrismaClient } from "@/lib/db/client";
import { eventBus } from "@/lib/events/bus";
import { aggregateState } from "./delivery-state";

/**
 * Tells open dashboards that a delivery changed state, so rows' dots and the delivery panels follow
 * the engine live instead of polling. Reads nothing when nobody watches the endpoint.
 */
export async function publishDeliveryChange(prisma: PrismaClient, endpointId: string, deliveryId: string): Promise<void> {
  const bus = eventBus();
  if (!bus.subscriberCount(endpointId)) return;
  const d = await prisma.delivery.findUnique({
    where: { id: deliveryId },
    select: { id: true, requestId: true, ruleId: true, state: true, attemptCount: true, nextAttemptAt: true, lastError: true },
  });
  if (!d) return;
  const siblings = await prisma.delivery.findMany({ where: { requestId: d.requestId }, select: { state: true } });
  bus.publish({
    type: "delivery",
    endpointId,
    delivery: { ...d, nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null, requestState: aggregateState(siblings.map((s) => s.state)) },
  });
}

export function publishDeliveriesChanged(endpointId: string) {
  eventBus().publish({ type: "deliveries-changed", endpointId });
}
