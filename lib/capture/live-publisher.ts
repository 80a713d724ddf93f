import { eventBus } from "@/lib/events/bus";
import { clockMs } from "@/lib/latency/clock";
import { presentSummary } from "@/lib/requests/present";
import { withDuplicates } from "@/lib/requests/queries";
import type { CommittedRow } from "./writer";

/**
 * Committed rows -> live events, strictly in commit order (the stream drops an event whose seq is
 * not above the last it sent, so order is correctness, not cosmetics). Summaries are built only
 * for endpoints someone is watching: most captures have no viewer. A request that carries a
 * provider delivery id needs one look-up to name the original it repeats; while such a look-up
 * runs, later batches queue behind it, and batches without one go out synchronously otherwise.
 */
export function createLivePublisher() {
  let queued = 0;
  let chain: Promise<void> = Promise.resolve();

  const publish = (rows: (CommittedRow & { duplicateOf?: { id: string; seq: number } | null })[], committedAt: number) => {
    const bus = eventBus();
    for (const r of rows) {
      // A request with deliveries starts with them pending; "delivery" events follow each attempt.
      const request = presentSummary({ ...r, forwarding: r.deliveries.length ? "pending" : null });
      bus.publish({ type: "request", endpointId: r.endpointId, request, committedAt });
    }
  };

  return (rows: CommittedRow[]) => {
    const bus = eventBus();
    const watched = rows.filter((r) => bus.subscriberCount(r.endpointId));
    if (!watched.length) return;
    // Called right after the commit: push latency is measured from here (lib/latency).
    const committedAt = clockMs();
    if (queued === 0 && !watched.some((r) => r.deliveryId)) return publish(watched, committedAt);
    queued++;
    chain = chain
      .then(async () => {
        const dups = new Map<string, { id: string; seq: number } | null>();
        for (const endpointId of new Set(watched.map((r) => r.endpointId))) {
          const carrying = watched.filter((r) => r.endpointId === endpointId && r.deliveryId);
          const found = await withDuplicates(endpointId, carrying).catch(() => []);
          for (const r of found) dups.set(r.id, r.duplicateOf);
        }
        publish(watched.map((r) => ({ ...r, duplicateOf: dups.get(r.id) ?? null })), committedAt);
      })
      .finally(() => queued--);
  };
}
