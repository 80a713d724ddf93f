import { getPrisma } from "@/lib/db/client";

/**
 * Duplicate deliveries: a request whose provider delivery id (lib/signatures/delivery-id.ts) was
 * already received on the same endpoint is a duplicate of the first one still stored. Worked out
 * when read, with one indexed query per page (endpointId, deliveryId, seq), rather than stored:
 * it then stays right when the original is deleted or pruned.
 */
export type DuplicateOf = { id: string; seq: number };

export async function duplicatesOf(endpointId: string, rows: { id: string; seq: number; deliveryId: string | null }[]): Promise<Map<string, DuplicateOf>> {
  const ids = [...new Set(rows.map((r) => r.deliveryId).filter((d): d is string => d !== null))];
  const out = new Map<string, DuplicateOf>();
  if (!ids.length) return out;
  const firsts = await getPrisma().capturedRequest.groupBy({ by: ["deliveryId"], where: { endpointId, deliveryId: { in: ids } }, _min: { seq: true } });
  const firstSeq = new Map(firsts.map((f) => [f.deliveryId, f._min.seq]));
  const earliest = await getPrisma().capturedRequest.findMany({
    where: { endpointId, OR: [...firstSeq].map(([deliveryId, seq]) => ({ deliveryId, seq: seq ?? -1 })) },
    select: { id: true, seq: true, deliveryId: true },
  });
  const byDelivery = new Map(earliest.map((e) => [e.deliveryId, { id: e.id, seq: e.seq }]));
  for (const r of rows) {
    const first = r.deliveryId ? byDelivery.get(r.deliveryId) : undefined;
    if (first && first.seq < r.seq) out.set(r.id, first);
  }
  return out;
}
