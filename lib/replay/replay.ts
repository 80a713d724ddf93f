import { getConfig } from "@/lib/config/env";
import { getPrisma } from "@/lib/db/client";
import { uuidv7 } from "@/lib/capture/request-id";
import { kickDeliveries } from "@/lib/forwarding/kick";
import { HttpError } from "@/lib/http/errors";
import { getRequest } from "@/lib/requests/queries";
import { settingsWithSecrets } from "@/lib/verifications/verifications";
import type { ReplayInput } from "./input";
import { resignedHeaders } from "./resign";
import { rememberReplayUrl, replayDelivery, resolveTarget } from "./target";

/**
 * Replays one captured request: a Delivery without a rule, sent once by the delivery engine
 * through the SSRF guard like any forward, its attempt recorded beside the rule deliveries.
 */
export async function createReplay(userId: string, endpointId: string, requestId: string, input: ReplayInput): Promise<{ deliveryId: string }> {
  const request = await getRequest(userId, endpointId, requestId);
  const target = await resolveTarget(userId, endpointId, input);
  const body = input.edit?.bodyBase64 === undefined ? undefined : Buffer.from(input.edit.bodyBase64, "base64");
  const limit = getConfig().MAX_BODY_BYTES;
  if (body && body.length > limit) throw new HttpError("payload_too_large", `edit.bodyBase64: the body is ${body.length} bytes; at most ${limit} (MAX_BODY_BYTES)`, "edit.bodyBase64");
  const id = uuidv7();
  const data = replayDelivery(id, request, target, { method: input.edit?.method, headers: input.edit?.headers, body });
  if (input.resign) {
    const signed = resignedHeaders(await settingsWithSecrets(endpointId), JSON.parse(data.headers), data.body ?? request.body, data.createdAt.getTime());
    // Refused rather than sent unsigned, which the receiver would reject for a confusing reason.
    if (!signed) throw new HttpError("validation_failed", "resign: this endpoint has no signature verification setting with a secret to sign with", "resign");
    data.headers = JSON.stringify(signed);
  }
  await getPrisma().delivery.create({ data: { ...data, state: "pending", nextAttemptAt: data.createdAt } });
  kickDeliveries();
  if (input.targetUrl !== undefined) await rememberReplayUrl(endpointId, input.targetUrl);
  return { deliveryId: id };
}
