import { endpointChanged } from "@/lib/events/endpoint-changes";
import type { CaptureWriter } from "@/lib/capture/writer";
import type { AppConfig } from "@/lib/config/env";
import { getPrisma } from "@/lib/db/client";
import { store } from "@/lib/db/store";
import { log } from "@/lib/log/logger";
import { metrics } from "@/lib/ops/metrics";
import { DeliveryEngine } from "./engine";
import { publishDeliveryChange } from "./events";
import { publishRuleById } from "./rules";
import { setDeliveryKicker } from "./kick";
import { createSender } from "./send";
import { parseAllowList } from "./ssrf";

/** Starts the delivery worker in this process and wakes it whenever a commit enqueued deliveries. */
export async function startForwarding(
  config: AppConfig,
  writer: CaptureWriter,
  hooks: { onDeliveryChanged?: (endpointId: string, deliveryId: string) => void } = {},
): Promise<DeliveryEngine> {
  const engine = new DeliveryEngine({
    prisma: getPrisma(),
    store: store(),
    leaseMs: config.FORWARD_LEASE_MS,
    soleWorker: config.databaseKind === "sqlite",
    send: createSender(parseAllowList(config.FORWARD_ALLOW_HOSTS, config.FORWARD_ALLOW_CIDRS)),
    concurrency: config.FORWARD_CONCURRENCY,
    pauseAfterFailures: config.FORWARD_PAUSE_AFTER_FAILURES,
    onRulePaused: (endpointId, ruleId) => {
      endpointChanged(endpointId);
      void publishRuleById(ruleId).catch((err) => log().error({ err, ruleId }, "rule event not sent"));
    },
    onAttempt: (outcome, durationMs) => metrics().deliveryAttempt(outcome, durationMs),
    onDeliveryChanged: (endpointId, deliveryId) => {
      hooks.onDeliveryChanged?.(endpointId, deliveryId);
      void publishDeliveryChange(getPrisma(), endpointId, deliveryId).catch((err) => log().error({ err, deliveryId }, "delivery event not sent"));
    },
  });
  setDeliveryKicker(() => engine.kick());
  writer.onCommit((rows) => {
    if (rows.some((r) => r.deliveries.length)) engine.kick();
  });
  await engine.start();
  return engine;
}
