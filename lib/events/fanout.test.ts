import type { Socket } from "node:net";
import { setImmediate as turn } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EventBus, type InboxEvent } from "./bus";
import { Fanout } from "./fanout";

/** What the fan-out needs of a socket, recording each write (the very buffer handed over). */
class FakeSocket {
  writes: Uint8Array[] = [];
  destroyed = false;
  /** Bytes the "kernel" did not take: set by a test to play a client that stopped reading. */
  writableLength = 0;
  write(b: Uint8Array) {
    this.writes.push(b);
    return true;
  }
  destroy() {
    this.destroyed = true;
  }
  text() {
    return this.writes.map((w) => Buffer.from(w).toString()).join("");
  }
  seqs() {
    return [...this.text().matchAll(/^id: (\d+)\nevent: request$/gm)].map((m) => Number(m[1]));
  }
}

const summary = (seq: number) => ({ id: `r${seq}`, seq, method: "POST", path: "/", query: "", size: 0, contentType: null, ip: "::1", receivedAt: "2026-01-01T00:00:00.000Z", signatureStatus: "none", duplicateOf: null, duplicateOfSeq: null, forwarding: null, experimentId: null });
const request = (seq: number, endpointId = "e"): InboxEvent => ({ type: "request", endpointId, request: summary(seq) });

let fanout: Fanout | undefined;
afterEach(() => fanout?.stop());

function setup(opts: { maxBufferedBytes?: number; heartbeatMs?: number } = {}) {
  const bus = new EventBus();
  const onDrop = vi.fn();
  fanout = new Fanout(bus, { heartbeatMs: opts.heartbeatMs ?? 60_000, maxBufferedBytes: opts.maxBufferedBytes ?? 1000, onDrop });
  const f = fanout;
  /** A stream that replayed nothing and went live at once. */
  const live = (lastSeq = 0, endpointId = "e") => {
    const socket = new FakeSocket();
    const s = f.subscribe(endpointId, socket as unknown as Socket, lastSeq);
    f.live(s);
    return { socket, s };
  };
  return { bus, fanout: f, live, onDrop };
}

describe("Fanout", () => {
  it("writes the events of one turn to every caught-up subscriber as one shared buffer", async () => {
    const { bus, live } = setup();
    const subs = [live(), live(), live()];
    await turn(); // their first flush makes them shared
    expect(subs.every(({ s }) => s.shared)).toBe(true);

    bus.publish(request(1));
    bus.publish(request(2));
    bus.publish({ type: "deleted", endpointId: "e", id: "r1" });
    bus.publish(request(9, "other")); // another endpoint's
    await turn();
    for (const { socket } of subs) {
      expect(socket.writes).toHaveLength(1);
      expect(socket.seqs()).toEqual([1, 2]);
      expect(socket.text()).toContain(`event: deleted\ndata: {"type":"deleted","id":"r1"}\n\n`);
    }
    // The same buffer object for all: nothing allocated per subscriber.
    expect(subs[1].socket.writes[0]).toBe(subs[0].socket.writes[0]);
    expect(subs[2].socket.writes[0]).toBe(subs[0].socket.writes[0]);

    bus.publish(request(3));
    await turn();
    // A lone event is the bus's own frame, written as it is.
    expect(subs[0].socket.writes[1]).toBe(subs[1].socket.writes[1]);
    expect(subs[0].socket.seqs()).toEqual([1, 2, 3]);
  });

  it("holds events during the replay, then sends those the replay did not have, with no gap and no duplicate", async () => {
    const { bus, fanout, live } = setup();
    const watcher = live();
    await turn();
    const socket = new FakeSocket();
    const s = fanout.subscribe("e", socket as unknown as Socket, 4);
    bus.publish(request(5)); // committed before the replay's query, and heard meanwhile
    bus.publish(request(6));
    // The replay (from the database) had 5 and 6, and 7 was committed but not yet published.
    socket.write(Buffer.from("id: 5\nevent: request\ndata: {}\n\nid: 6\nevent: request\ndata: {}\n\nid: 7\nevent: request\ndata: {}\n\n"));
    s.lastSeq = 7;
    fanout.live(s);
    await turn();
    expect(s.shared).toBe(false); // 7 is not published yet: the shared writes could repeat it
    bus.publish(request(7));
    bus.publish(request(8));
    await turn();
    expect(s.shared).toBe(true);
    bus.publish(request(9));
    await turn();
    expect(socket.seqs()).toEqual([5, 6, 7, 8, 9]);
    expect(watcher.socket.seqs()).toEqual([5, 6, 7, 8, 9]);
  });

  it("holds the next flush as long as the last one's writes took, and sends what arrived meanwhile in one write", async () => {
    const { bus, live } = setup();
    const { socket } = live();
    await turn();
    bus.publish(request(1));
    await turn();
    expect(socket.writes).toHaveLength(1); // quick writes: nothing held
    // Now each write takes 20 ms, as a flush to thousands of subscribers does.
    const write = socket.write.bind(socket);
    socket.write = (b: Uint8Array) => {
      const until = performance.now() + 20;
      while (performance.now() < until);
      return write(b);
    };
    bus.publish(request(2));
    await turn();
    bus.publish(request(3));
    await turn();
    bus.publish(request(4));
    await turn();
    expect(socket.writes).toHaveLength(2); // 3 and 4 wait
    await new Promise((r) => setTimeout(r, 30));
    expect(socket.writes).toHaveLength(3);
    expect(socket.seqs()).toEqual([1, 2, 3, 4]);
  });

  it("gives a client that claims to be ahead only seqs above its id, then shares the writes", async () => {
    const { bus, live } = setup();
    const ahead = live(3);
    await turn();
    expect(ahead.s.shared).toBe(false);
    for (const seq of [1, 2, 3]) bus.publish(request(seq));
    bus.publish({ type: "cleared", endpointId: "e" });
    await turn();
    expect(ahead.socket.seqs()).toEqual([]);
    expect(ahead.socket.text()).toContain("event: cleared");
    expect(ahead.s.shared).toBe(true);
    bus.publish(request(4));
    await turn();
    expect(ahead.socket.seqs()).toEqual([4]);
  });

  it("drops a subscriber whose unsent bytes pass the limit, beyond what its replay left unsent; the others go on", async () => {
    const { bus, fanout, live, onDrop } = setup({ maxBufferedBytes: 1000 });
    const reader = live();
    const stuck = live();
    await turn();
    stuck.socket.writableLength = 1000; // at the limit: kept
    bus.publish(request(1));
    await turn();
    expect(stuck.socket.destroyed).toBe(false);
    stuck.socket.writableLength = 1001;
    bus.publish(request(2));
    await turn();
    expect(stuck.socket.destroyed).toBe(true);
    expect(onDrop).toHaveBeenCalledWith("e", 1001);
    bus.publish(request(3));
    await turn();
    expect(stuck.socket.seqs()).toEqual([1, 2]); // nothing written once destroyed
    expect(reader.socket.seqs()).toEqual([1, 2, 3]);

    // A large replay the kernel did not take at once raises the allowance by what it left.
    const socket = new FakeSocket();
    const s = fanout.subscribe("e", socket as unknown as Socket, 0);
    socket.writableLength = 5000;
    fanout.writeReplay(s, Buffer.alloc(6000));
    socket.writableLength = 5500;
    fanout.live(s);
    bus.publish(request(4));
    await turn();
    expect(socket.destroyed).toBe(false);
    socket.writableLength = 6001;
    bus.publish(request(5));
    await turn();
    expect(socket.destroyed).toBe(true);
  });

  it("sends a heartbeat comment to every live subscriber from one timer, not to one still replaying", async () => {
    vi.useFakeTimers({ toFake: ["setInterval"] });
    try {
      const { fanout, live } = setup({ heartbeatMs: 1000 });
      const a = live();
      const b = live(5, "other");
      const replaying = new FakeSocket();
      fanout.subscribe("e", replaying as unknown as Socket, 0);
      vi.advanceTimersByTime(999);
      expect(a.socket.text()).toBe("");
      vi.advanceTimersByTime(1);
      expect(a.socket.text()).toBe(": heartbeat\n\n");
      expect(b.socket.text()).toBe(": heartbeat\n\n");
      expect(replaying.text()).toBe("");
    } finally {
      vi.useRealTimers();
    }
  });

  it("forgets a subscriber that left, and the endpoint once none is left", async () => {
    const { bus, fanout, live } = setup();
    const a = live();
    const b = live();
    await turn();
    fanout.leave(a.s);
    bus.publish(request(1));
    await turn();
    expect(a.socket.writes).toEqual([]);
    expect(b.socket.seqs()).toEqual([1]);
    fanout.leave(b.s);
    expect(bus.subscriberCount("e")).toBe(0);
  });
});
