import { describe, expect, it } from "vitest";
import type { RequestSummaryDto } from "@/lib/requests/present";
import { RequestWindow, WINDOW_SIZE, type WindowQuery } from "./request-window";

const row = (seq: number): RequestSummaryDto => ({
  id: `r${seq}`, seq, method: "POST", path: `/${seq}`, query: "", size: 0, contentType: null, ip: "::1", receivedAt: "2026-01-01T00:00:00.000Z", forwarding: null,
  signatureStatus: "none", duplicateOf: null, duplicateOfSeq: null, experimentId: null,
});

/** A fake server holding seqs 1..n (minus deletions), answering windows like the real API. */
function server(n: number) {
  let stored = Array.from({ length: n }, (_, i) => n - i);
  const calls: WindowQuery[] = [];
  const fetcher = async (q: WindowQuery) => {
    calls.push(q);
    const top = q.top ?? stored[0] ?? 0;
    const inSnapshot = stored.filter((s) => s <= top && (q.after === undefined || s > q.after));
    return { requests: inSnapshot.slice(q.offset, q.offset + q.limit).map(row), top, ...(q.count ? { total: inSnapshot.length } : {}) };
  };
  return { fetcher, calls, add: (seq: number) => (stored = [seq, ...stored]), remove: (seq: number) => (stored = stored.filter((s) => s !== seq)) };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const seqsAt = (w: RequestWindow, from: number, to: number) => Array.from({ length: to - from }, (_, i) => w.getView().rowAt(from + i)?.seq ?? null);

describe("RequestWindow", () => {
  it("loads the first window with the total, and jumps straight to the oldest rows", async () => {
    const s = server(1000);
    const w = new RequestWindow(s.fetcher, false);
    await w.load();
    const v = w.getView();
    expect(v.status).toBe("ready");
    expect(v.length).toBe(1000);
    expect(seqsAt(w, 0, 3)).toEqual([1000, 999, 998]);
    expect(v.rowAt(500)).toBeUndefined();

    w.ensure(995, 999);
    await flush();
    expect(seqsAt(w, 995, 1000)).toEqual([5, 4, 3, 2, 1]);
    expect(s.calls.map((c) => c.offset)).toEqual([0, 900]); // one window, not nine pages in between
    w.ensure(995, 999); // already there: no new fetch
    expect(s.calls).toHaveLength(2);
  });

  it("puts arrivals on top while following and queues them while not, without moving rows", async () => {
    const s = server(250);
    const w = new RequestWindow(s.fetcher, false);
    await w.load();
    w.arrive(row(251));
    expect(seqsAt(w, 0, 2)).toEqual([251, 250]);
    w.arrive(row(251)); // a replay after reconnect
    w.arrive(row(249)); // already in the snapshot
    expect(w.getView().length).toBe(251);

    w.hold(true);
    w.arrive(row(252));
    w.arrive(row(253));
    expect(w.getView().queued).toBe(2);
    expect(seqsAt(w, 0, 2)).toEqual([251, 250]); // nothing moved
    w.hold(false);
    expect(w.getView().queued).toBe(0);
    expect(seqsAt(w, 0, 4)).toEqual([253, 252, 251, 250]);

    // Windows below the arrivals still line up with the server's snapshot offsets.
    w.ensure(3 + 150, 3 + 150);
    await flush();
    expect(s.calls.at(-1)).toMatchObject({ offset: 100, top: 250 });
    expect(seqsAt(w, 153, 154)).toEqual([100]);
  });

  it("closes the gap of a deleted row and discards windows requested with the old offsets", async () => {
    const s = server(300);
    const w = new RequestWindow(s.fetcher, false);
    await w.load();
    w.ensure(150, 160); // in flight with offset 100
    s.remove(295);
    w.remove("r295");
    await flush();
    expect(w.getView().length).toBe(299);
    expect(seqsAt(w, 4, 7)).toEqual([296, 294, 293]);
    expect(w.getView().rowAt(150)).toBeUndefined(); // the stale answer was dropped
    w.ensure(95, 160); // the first window lost a row at its end, so it is fetched again too
    await flush();
    expect(seqsAt(w, 98, 101)).toEqual([201, 200, 199]); // seq 201 is index 98 now that 295 is gone
  });

  it("reloads when a row it never loaded is deleted, and empties on clear", async () => {
    const s = server(WINDOW_SIZE * 3);
    const w = new RequestWindow(s.fetcher, false);
    await w.load();
    s.remove(10);
    w.remove("r10");
    await flush();
    expect(s.calls.filter((c) => c.count)).toHaveLength(2);
    expect(w.getView().length).toBe(WINDOW_SIZE * 3 - 1);
    w.clear();
    expect(w.getView().length).toBe(0);
    w.arrive(row(301));
    expect(seqsAt(w, 0, 1)).toEqual([301]);
  });

  it("filtered lists ask the server what matched after the newest known row", async () => {
    const s = server(5);
    const w = new RequestWindow(s.fetcher, true);
    await w.load();
    s.add(6);
    s.add(7);
    await w.fetchNewer();
    expect(s.calls.at(-1)).toMatchObject({ after: 5 });
    expect(seqsAt(w, 0, 3)).toEqual([7, 6, 5]);
  });

  it("overlays forwarding states by request id", async () => {
    const w = new RequestWindow(server(3).fetcher, false);
    await w.load();
    w.setForwarding("r2", "failed");
    expect(w.getView().rowAt(1)?.forwarding).toBe("failed");
    expect(w.getView().indexOf("r1")).toBe(2);
  });

  it("keeps live arrivals that came while the snapshot was loading", async () => {
    const s = server(5);
    const w = new RequestWindow(s.fetcher, false);
    const loading = w.load();
    w.arrive(row(5)); // committed before the snapshot query: the snapshot has it
    w.arrive(row(6)); // committed after it
    await loading;
    expect(seqsAt(w, 0, 3)).toEqual([6, 5, 4]);
    expect(w.getView().length).toBe(6);
  });
});
