import { getPrisma } from "@/lib/db/client";
import { HttpError } from "@/lib/http/errors";
import { highestSeq } from "@/lib/requests/cursor-page";

/**
 * A forwarder's place in an endpoint's requests (the CLI's `listen`), kept per token and endpoint
 * by the server, so a restart or another machine with the same token resumes right after the last
 * request forwarded: nothing skipped, nothing doubled. It only moves forward by itself (reports,
 * feed pages); setting it (PUT) may also move it back, to forward again on purpose.
 */
export type CursorState = {
  /** The seq of the last request forwarded or passed over; null: never started (a first start begins with live traffic). */
  after: number | null;
  /** The highest seq the endpoint handed out: where "from now" starts. */
  newest: number;
  /** Requests stored after the cursor (0 without one): what a restart forwards first, or what --from-now skips. */
  waiting: number;
};

export async function storedCursor(tokenId: string, endpointId: string): Promise<number | null> {
  const row = await getPrisma().forwardCursor.findUnique({ where: { tokenId_endpointId: { tokenId, endpointId } }, select: { seq: true } });
  return row?.seq ?? null;
}

export async function cursorState(tokenId: string, endpointId: string): Promise<CursorState> {
  const [after, newest] = await Promise.all([storedCursor(tokenId, endpointId), highestSeq(endpointId)]);
  const waiting = after === null ? 0 : await getPrisma().capturedRequest.count({ where: { endpointId, seq: { gt: after } } });
  return { after, newest, waiting };
}

/** Sets the cursor (forward or back); beyond the newest seq is not a place: 422. `charge` runs first unless the move is forward. */
export async function setCursor(tokenId: string, endpointId: string, after: number, charge: () => void): Promise<CursorState> {
  const [current, newest] = await Promise.all([storedCursor(tokenId, endpointId), highestSeq(endpointId)]);
  if (after > newest) throw new HttpError("validation_failed", `after: ${after} is beyond this endpoint's newest request (${newest})`, "after");
  if (current !== null && after <= current) charge();
  const now = new Date();
  await getPrisma().forwardCursor.upsert({
    where: { tokenId_endpointId: { tokenId, endpointId } },
    create: { tokenId, endpointId, seq: after, updatedAt: now },
    update: { seq: after, updatedAt: now },
  });
  return cursorState(tokenId, endpointId);
}
