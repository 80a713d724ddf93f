import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import { getPrisma } from "@/lib/db/client";
import { RESPONSE_EXCERPT_BYTES } from "@/lib/forwarding/send";
import { getRequest } from "@/lib/requests/queries";
import { advanceCursor, storedCursor } from "./cursor";

/** A forward the CLI made to its local target, as it reports it. */
export const forwardReport = z
  .object({
  target: z.string().min(1).max(2048).meta({ description: "The local URL the request was sent to." }),
  status: z.int().min(100).max(599).nullable().meta({ description: "The local answer's status; null when none came (refused, timeout)." }),
  durationMs: z.int().min(0).max(86_400_000),
  error: z.string().max(1000).nullable().default(null).meta({ description: "Why there was no usable answer, e.g. `connection refused`." }),
  attempts: z.int().min(1).max(1000).default(1).meta({ description: "Tries it took (the CLI retries a refusing target)." }),
  responseHeaders: z.array(z.tuple([z.string().max(16 * 1024), z.string().max(16 * 1024)])).max(200).default([]),
  responseBodyBase64: z.base64().max(Math.ceil(RESPONSE_EXCERPT_BYTES / 3) * 4).nullable().default(null)
    .meta({ description: "The first 64 KiB of the local answer, at most." }),
  })
  .meta({ examples: [{ target: "http://localhost:4000/hooks", status: 200, durationMs: 12 }] });
export type ForwardReport = z.infer<typeof forwardReport>;

/**
 * Records a forward by the CLI as a delivery of kind "cli" (one per token and request; a report
 * for the same request again adds an attempt), so the dashboard shows "forwarded by CLI: 200 in
 * 12 ms" with the answer, beside the request's other deliveries. The engine never sends it.
 * Moves the token's cursor past the request; reporting one at or before the cursor (a resend)
 * costs hourly budget (`charge`), moving forward does not.
 */
export async function recordForward(grant: { tokenId: string; userId: string }, endpointId: string, requestId: string, report: ForwardReport, charge: () => void) {
  const request = await getRequest(grant.userId, endpointId, requestId);
  const cursor = await storedCursor(grant.tokenId, endpointId);
  if (cursor !== null && request.seq <= cursor) charge();
  const id = `cli_${createHash("sha256").update(`${grant.tokenId}:${request.id}`).digest("base64url").slice(0, 22)}`;
  const now = new Date();
  const ok = report.status !== null && report.status >= 200 && report.status < 300;
  const error = ok ? null : (report.error ?? `HTTP ${report.status}`);
  const fields = { state: ok ? "succeeded" : "failed", targetUrl: report.target, lastError: error, updatedAt: now };
  const prisma = getPrisma();
  await prisma.$transaction([
    prisma.delivery.upsert({
      where: { id },
      create: { id, requestId: request.id, kind: "cli", attemptCount: 1, createdAt: now, ...fields },
      update: { attemptCount: { increment: 1 }, ...fields },
    }),
    prisma.deliveryAttempt.create({
      data: {
        id: randomUUID(),
        deliveryId: id,
        startedAt: new Date(now.getTime() - report.durationMs),
        target: report.target,
        status: report.status,
        responseHeaders: report.status === null ? null : JSON.stringify(report.responseHeaders),
        responseBody: report.responseBodyBase64 === null ? null : new Uint8Array(Buffer.from(report.responseBodyBase64, "base64")),
        durationMs: report.durationMs,
        error: report.attempts > 1 && error ? `${error} (after ${report.attempts} tries)` : error,
      },
    }),
  ]);
  await advanceCursor(grant.tokenId, endpointId, request.seq);
  return { deliveryId: id, cursor: Math.max(cursor ?? 0, request.seq) };
}
