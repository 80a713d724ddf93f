import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratedDb } from "@/tests/helpers/temp-db";
import { PushLatencyRecorder, pushLatencyOver } from "./recorder";

type Db = ReturnType<typeof migratedDb>;
let db: Db;
let endpointId: string;
const HOUR = 3_600_000;
const at = 500_000 * HOUR + 60_000; // a minute into hour 500,000

beforeAll(async () => {
  db = migratedDb();
  const user = await db.prisma.user.create({ data: { email: "latency@example.com" } });
  endpointId = (await db.prisma.endpoint.create({ data: { userId: user.id, slug: "p".repeat(24) } })).id;
});
afterAll(() => db.cleanup());

describe("PushLatencyRecorder", () => {
  it("counts each request once, at its first frame written, measured from its commit", () => {
    const r = new PushLatencyRecorder();
    r.frameWritten("e", 1, 1000, 1002.5);
    r.frameWritten("e", 1, 1000, 1009); // a second dashboard: the same request again
    r.frameWritten("e", 2, 1000, 1004);
    r.frameWritten("e", 1, 1000, 1100); // an older seq (a replay) is not a live push
    const h = r.unflushed("e", "server", 0, Number.MAX_SAFE_INTEGER);
    expect(h.count).toBe(2);
    expect(h.maxMs).toBe(4);
    expect(h.sumMs).toBe(6.5);
  });

  it("merges what it flushes into the stored hour, and reads percentiles back over a window", async () => {
    const r = new PushLatencyRecorder();
    for (let i = 1; i <= 100; i++) r.record(endpointId, "server", i, at);
    await r.flush(db.prisma);
    for (let i = 101; i <= 200; i++) r.record(endpointId, "server", i, at + 1000);
    r.record(endpointId, "browser", 40, at);
    r.record("gone", "server", 5, at); // an endpoint deleted before the flush
    await r.flush(db.prisma);
    const rows = await db.prisma.pushLatency.findMany({ orderBy: { source: "asc" } });
    expect(rows.map((x) => [x.source, x.count, x.maxMs, x.sumMs])).toEqual([["browser", 1, 40, 40], ["server", 200, 200, 20_100]]);

    const server = await pushLatencyOver(db.prisma, endpointId, "server", at - 60_000, at + HOUR - 60_000);
    expect(server!.samples).toBe(200);
    expect(Math.abs(server!.p50 - 100) / 100).toBeLessThan(0.025);
    expect(Math.abs(server!.p99 - 198) / 198).toBeLessThan(0.025);
    // The hour before holds nothing.
    expect(await pushLatencyOver(db.prisma, endpointId, "server", at - 2 * HOUR, at - HOUR)).toBeNull();
  });
});
