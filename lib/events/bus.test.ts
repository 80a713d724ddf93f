import { describe, expect, it, vi } from "vitest";
import { log } from "@/lib/log/logger";
import { EventBus, sseFrame, type Delivery } from "./bus";

const summary = { id: "r1", seq: 7, method: "POST", path: "/", query: "", size: 2, contentType: null, ip: "::1", receivedAt: "2026-01-01T00:00:00.000Z", signatureStatus: "none", duplicateOf: null, duplicateOfSeq: null, experimentId: null, forwarding: null };

describe("EventBus", () => {
  it("delivers to subscribers of the same endpoint only, until they leave", () => {
    const bus = new EventBus();
    const a: Delivery[] = [];
    const b: Delivery[] = [];
    const leaveA = bus.subscribe("e1", (d) => a.push(d));
    bus.subscribe("e2", (d) => b.push(d));
    bus.publish({ type: "request", endpointId: "e1", request: summary });
    leaveA();
    bus.publish({ type: "cleared", endpointId: "e1" });
    expect(a.map((d) => d.event.type)).toEqual(["request"]);
    expect(b).toEqual([]);
    expect(bus.subscriberCount("e1")).toBe(0);
  });

  it("keeps delivering when one listener throws", () => {
    const bus = new EventBus();
    const got: string[] = [];
    const logged = vi.spyOn(log(), "error").mockImplementation(() => undefined);
    bus.subscribe("e", () => { throw new Error("boom"); });
    bus.subscribe("e", (d) => got.push(d.event.type));
    bus.publish({ type: "cleared", endpointId: "e" });
    expect(logged).toHaveBeenCalledWith({ err: new Error("boom"), endpointId: "e" }, "event listener failed");
    logged.mockRestore();
    expect(got).toEqual(["cleared"]);
  });
});

describe("sseFrame", () => {
  it("gives request events their seq as SSE id and others none", () => {
    const text = (f: Uint8Array) => new TextDecoder().decode(f);
    expect(text(sseFrame({ type: "request", endpointId: "e", request: summary }))).toBe(
      `id: 7\nevent: request\ndata: ${JSON.stringify({ type: "request", request: summary })}\n\n`,
    );
    expect(text(sseFrame({ type: "deleted", endpointId: "e", id: "r1" }))).toBe(`event: deleted\ndata: {"type":"deleted","id":"r1"}\n\n`);
  });
});
