import { describe, expect, it } from "vitest";
import type { RequestSummaryDto } from "@/lib/requests/present";
import type { InboxEvent } from "./bus";
import { ClusterOrder } from "./cluster-order";

/** A fake database of committed seqs for endpoint "e", and what the order published. */
function setup(committed: number[]) {
  const published: number[] = [];
  const db = { rows: [...committed], reads: 0, watched: true };
  const summary = (seq: number) => ({ seq, id: `r${seq}` }) as unknown as RequestSummaryDto;
  const order = new ClusterOrder(
    (e: InboxEvent) => void (e.type === "request" && published.push(e.request.seq)),
    {
      after: async (_id, afterSeq, limit) => {
        db.reads++;
        return db.rows.filter((s) => s > afterSeq).sort((a, b) => a - b).slice(0, limit).map(summary);
      },
      lastSeq: async () => Math.max(0, ...db.rows),
    },
    () => db.watched,
  );
  const local = (seq: number) => order.local({ type: "request", endpointId: "e", request: summary(seq) });
  const settle = () => new Promise((r) => setTimeout(r, 5));
  return { order, db, published, local, settle };
}

describe("ClusterOrder", () => {
  it("publishes local commits that follow on at once, with no read", async () => {
    const t = setup([1, 2]);
    t.order.watch("e");
    await t.settle();
    t.db.rows.push(3, 4);
    t.local(3);
    t.local(4);
    expect(t.published).toEqual([3, 4]);
    expect(t.db.reads).toBe(0);
  });

  it("reads what another instance committed before a local commit that skips numbers", async () => {
    const t = setup([1]);
    t.order.watch("e");
    await t.settle();
    t.db.rows.push(2, 3, 4); // 2 and 3 by another instance, its notification not yet here
    t.local(4);
    await t.settle();
    t.order.remote("e", 3); // arrives late: nothing left to publish
    await t.settle();
    expect(t.published).toEqual([2, 3, 4]);
  });

  it("publishes another instance's requests in order, once, and skips numbers deleted meanwhile", async () => {
    const t = setup([]);
    t.order.watch("e");
    await t.settle();
    t.db.rows.push(1, 3, 4); // 2 was deleted before anyone read it
    t.order.remote("e", 3);
    t.order.remote("e", 4);
    t.order.remote("e", 4);
    await t.settle();
    t.local(5);
    expect(t.published).toEqual([1, 3, 4, 5]);
  });

  it("catches up after lost messages, and ignores endpoints nobody watches here", async () => {
    const t = setup([1]);
    t.order.remote("other", 9);
    t.order.watch("e");
    await t.settle();
    t.db.rows.push(2, 3);
    t.order.catchUp();
    await t.settle();
    expect(t.published).toEqual([2, 3]);
    t.db.watched = false;
    t.order.unwatch("e");
    await t.settle();
    t.local(4);
    expect(t.published).toEqual([2, 3]);
  });
});
