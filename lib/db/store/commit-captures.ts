import { driverAdapter, inTransaction, type PrismaClient } from "@/lib/db/client";
import { allocateSeq, insertDeliveries, insertRequests, upsertActivity } from "./capture-statements";
import type { CaptureRow, CommittedRow, Dialect } from "./types";

/**
 * The capture commit on Prisma's driver adapter (the same connection or pool and, on SQLite, the
 * same transaction lock as Prisma's own transactions): Prisma Client's raw-query path serialises
 * every parameter to JSON and back, which cost more per row than the insert itself.
 * Endpoints are locked in id order, so two instances committing to the same endpoints never
 * deadlock.
 */
export async function commitCaptures(prisma: PrismaClient, d: Dialect, rows: CaptureRow[]) {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.endpointId, (counts.get(r.endpointId) ?? 0) + 1);
  return inTransaction(await driverAdapter(prisma), async (tx) => {
    const next = new Map<string, number>();
    const gone = new Set<string>();
    for (const endpointId of [...counts.keys()].sort()) {
      const count = counts.get(endpointId)!;
      const { rows: returned } = await tx.queryRaw(allocateSeq(d, endpointId, count));
      if (!returned.length) gone.add(endpointId);
      else next.set(endpointId, Number(returned[0][0]) - count + 1);
    }
    const committed: CommittedRow[] = [];
    for (const row of rows) {
      const seq = next.get(row.endpointId);
      if (seq === undefined) continue;
      next.set(row.endpointId, seq + 1);
      committed.push({ ...row, seq });
    }
    if (committed.length) {
      for (const q of [insertRequests(d, committed), ...insertDeliveries(d, committed), upsertActivity(d, committed)]) await tx.executeRaw(q);
    }
    return { committed, gone };
  });
}
