import { sqliteStore } from "@/lib/db/store/sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migratedDb } from "@/tests/helpers/temp-db";
import { activitySeries, endpointStats, forwardingHealth, type ForwardingCounts } from "./stats";

let db: ReturnType<typeof migratedDb>;
beforeEach(() => { db = migratedDb(); });
afterEach(() => db.cleanup());

const NOW = new Date(Date.UTC(2026, 10, 22, 12, 30));
const HOUR = Math.floor(NOW.getTime() / 3_600_000);
const counts = (c: Partial<ForwardingCounts>): ForwardingCounts => ({ rules: 1, active: 1, paused: 0, pending: 0, retrying: 0, held: 0, failed: 0, ...c });

describe("forwardingHealth", () => {
  it("names the worst state", () => {
    expect(forwardingHealth(counts({ rules: 0, active: 0 }))).toBe("none");
    expect(forwardingHealth(counts({ active: 0 }))).toBe("none"); // only disabled rules
    expect(forwardingHealth(counts({}))).toBe("ok");
    expect(forwardingHealth(counts({ pending: 3 }))).toBe("ok");
    expect(forwardingHealth(counts({ retrying: 1 }))).toBe("busy");
    expect(forwardingHealth(counts({ held: 1 }))).toBe("busy");
    expect(forwardingHealth(counts({ retrying: 1, failed: 1 }))).toBe("failing");
    expect(forwardingHealth(counts({ active: 0, paused: 1, failed: 2 }))).toBe("paused");
  });
});

describe("activitySeries", () => {
  it("places hour buckets on a 24-hour series ending now, ignoring older ones", () => {
    const s = activitySeries([{ hour: HOUR, requests: 5 }, { hour: HOUR - 23, requests: 2 }, { hour: HOUR - 24, requests: 9 }], NOW);
    expect(s).toHaveLength(24);
    expect(s[23]).toBe(5);
    expect(s[0]).toBe(2);
    expect(s.reduce((a, b) => a + b)).toBe(7);
  });
});

describe("endpointStats", () => {
  it("reports counts, last activity, the sparkline, forwarding and refusals per endpoint, for the owner only", async () => {
    const p = db.prisma;
    const ada = await p.user.create({ data: { email: "ada@example.com" } });
    const bob = await p.user.create({ data: { email: "bob@example.com" } });
    const busy = await p.endpoint.create({ data: { userId: ada.id, slug: "b".repeat(24) } });
    const quiet = await p.endpoint.create({ data: { userId: ada.id, slug: "q".repeat(24) } });
    const other = await p.endpoint.create({ data: { userId: bob.id, slug: "o".repeat(24) } });
    const req = (endpointId: string, seq: number, receivedAt: Date) =>
      p.capturedRequest.create({ data: { id: `${endpointId}-${seq}`, endpointId, seq, method: "POST", path: "/", query: "", headers: "[]", body: new Uint8Array(), size: 0, ip: "::1", receivedAt } });
    await req(busy.id, 1, new Date(NOW.getTime() - 7_200_000));
    await req(busy.id, 2, new Date(NOW.getTime() - 60_000));
    await req(other.id, 1, NOW);
    await p.endpointActivity.createMany({ data: [{ endpointId: busy.id, hour: HOUR, requests: 1 }, { endpointId: busy.id, hour: HOUR - 2, requests: 1 }, { endpointId: other.id, hour: HOUR, requests: 1 }] });
    const rule = await p.forwardRule.create({ data: { endpointId: busy.id, name: "r", targetUrl: "https://example.com" } });
    const delivery = (id: string, requestId: string, state: string, updatedAt = NOW) =>
      p.delivery.create({ data: { id, requestId, ruleId: rule.id, state, createdAt: updatedAt, updatedAt } });
    await delivery("d1", `${busy.id}-1`, "retrying");
    await delivery("d2", `${busy.id}-2`, "succeeded");
    await delivery("d3", `${busy.id}-2`, "failed", new Date(NOW.getTime() - 2 * 86_400_000)); // too old to count
    await p.endpointRejection.create({ data: { endpointId: busy.id, reason: "too_large", count: 4, lastAt: NOW, lastDetail: "POST /x" } });
    await p.endpointRejection.create({ data: { endpointId: other.id, reason: "rate_limited", count: 9, lastAt: NOW } });

    const stats = await endpointStats(ada.id, { prisma: p, db: sqliteStore(p), now: NOW });
    expect(Object.keys(stats).sort()).toEqual([busy.id, quiet.id].sort());
    expect(stats[busy.id]).toMatchObject({
      requests: 2,
      lastRequestAt: new Date(NOW.getTime() - 60_000).toISOString(),
      forwarding: { rules: 1, active: 1, retrying: 1, failed: 0, health: "busy" },
      rejected: { total: 4, reasons: [{ reason: "too_large", count: 4, lastAt: NOW.toISOString(), lastDetail: "POST /x" }] },
    });
    expect(stats[busy.id].activity.slice(-3)).toEqual([1, 0, 1]);
    expect(stats[quiet.id]).toEqual({
      requests: 0, lastRequestAt: null, activity: new Array(24).fill(0),
      forwarding: { rules: 0, active: 0, paused: 0, pending: 0, retrying: 0, held: 0, failed: 0, health: "none" },
      rejected: { total: 0, reasons: [] },
    });
  });
});
