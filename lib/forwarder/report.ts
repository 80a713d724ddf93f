import { randomUUID } from "node:crypto";
import { z } from "zod";
import { uuidv7 } from "@/lib/capture/request-id";
import { getPrisma } from "@/lib/db/client";
import { publishDeliveryChange } from "@/lib/forwarding/events";
import { RESPONSE_EXCERPT_BYTES } from "@/lib/forwarding/send";
import { log } from "@/lib/log/logger";
import { storedCursor } from "./cursor";

/** A forward the CLI made to its local target, as it reports it. */
const forwardReport = z.object({
  requestId: z.string().min(1).max(64),
  target: z.string().min(1).max(2048).meta({ description: "The local URL the request was sent to." }),
  status: z.int().min(100).max(599).nullable().meta({ description: "The local answer's status; null when none came (refused, timeout)." }),
  durationMs: z.int().min(0).max(86_400_000),
  error: z.string().max(1000).nullable().default(null).meta({ description: "Why there was no usable answer, e.g. `connection refused`." }),
  attempts: z.int().min(1).max(1000).default(1).meta({ description: "Tries it took (the CLI retries a target that gives no answer)." }),
  responseHeaders: z.array(z.tuple([z.string().max(16 * 1024), z.string().max(16 * 1024)])).max(200).default([]),
  responseBodyBase64: z.base64().max(Math.ceil(RESPONSE_EXCERPT_BYTES / 3) * 4).nullable().default(null)
    .meta({ description: "The first 64 KiB of the local answer, at most." }),
});
export type ForwardReport = z.infer<typeof forwardReport>;

export const MAX_REPORTS = 100;
export const forwardReports = z
  .object({ reports: z.array(forwardReport).min(1).max(MAX_REPORTS).meta({ description: "In the order the requests were forwarded." }) })
  .meta({ examples: [{ reports: [{ requestId: "<a request id>", target: "http://localhost:4000/hooks", status: 200, durationMs: 12 }] }] });

/**
 * Records forwards by the CLI as deliveries of kind "cli" (never sent by the engine: the CLI did
 * that), each with its one attempt, so the dashboard shows "forwarded by CLI: 200 in 12 ms" with
 * the answer beside the request's other deliveries; and moves the token's cursor past them. Several
 * at once: at 100 requests/s one report per request cost the server more than the forward itself.
 * Reports of requests deleted meanwhile are passed over. Reporting one at or before the cursor (a
 * resend) costs hourly budget (`charge`); moving forward does not.
 */
export async function recordForwards(grant: { tokenId: string; userId: string }, endpointId: string, reports: ForwardReport[], charge: () => void) {
  const prisma = getPrisma();
  const [found, cursor] = await Promise.all([
    prisma.capturedRequest.findMany({ where: { endpointId, endpoint: { userId: grant.userId }, id: { in: reports.map((r) => r.requestId) } }, select: { id: true, seq: true } }),
    storedCursor(grant.tokenId, endpointId),
  ]);
  const seqOf = new Map(found.map((r) => [r.id, r.seq]));
  const kept = reports.filter((r) => seqOf.has(r.requestId));
  if (cursor !== null && found.some((r) => r.seq <= cursor)) charge();
  const now = new Date();
  const rows = kept.map((r) => {
    const ok = r.status !== null && r.status >= 200 && r.status < 300;
    const error = ok ? null : (r.error ?? `HTTP ${r.status}`);
    return { report: r, id: uuidv7(now.getTime()), state: ok ? "succeeded" : "failed", error };
  });
  const newest = Math.max(cursor ?? 0, ...found.map((r) => r.seq));
  // (A first report creates the cursor; two first reports racing would meet the primary key: the CLI sends them one at a time.)
  await prisma.$transaction([
    prisma.delivery.createMany({
      data: rows.map(({ report: r, id, state, error }) => ({
        id, requestId: r.requestId, kind: "cli", state, attemptCount: 1, targetUrl: r.target, lastError: error, createdAt: now, updatedAt: now,
      })),
    }),
    prisma.deliveryAttempt.createMany({
      data: rows.map(({ report: r, id, error }) => ({
        id: randomUUID(),
        deliveryId: id,
        startedAt: new Date(now.getTime() - r.durationMs),
        target: r.target,
        status: r.status,
        responseHeaders: r.status === null ? null : JSON.stringify(r.responseHeaders),
        responseBody: r.responseBodyBase64 === null ? null : new Uint8Array(Buffer.from(r.responseBodyBase64, "base64")),
        durationMs: r.durationMs,
        error: r.attempts > 1 && error ? `${error} (after ${r.attempts} tries)` : error,
      })),
    }),
    ...(found.length === 0
      ? []
      : cursor === null
        ? [prisma.forwardCursor.createMany({ data: [{ tokenId: grant.tokenId, endpointId, seq: newest, updatedAt: now }] })]
        // Never back: a late report of an earlier request leaves a later cursor alone.
        : [prisma.forwardCursor.updateMany({ where: { tokenId: grant.tokenId, endpointId, seq: { lt: newest } }, data: { seq: newest, updatedAt: now } })]),
  ]);
  // Open dashboards show each at once (nothing is read when nobody watches the endpoint).
  for (const r of rows) void publishDeliveryChange(prisma, endpointId, r.id).catch((err) => log().error({ err, deliveryId: r.id }, "delivery event not sent"));
  return {
    recorded: rows.map((r) => ({ requestId: r.report.requestId, deliveryId: r.id })),
    missing: reports.filter((r) => !seqOf.has(r.requestId)).map((r) => r.requestId),
    cursor: newest,
  };
}
