import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { storageFailure } from "@/lib/db/errors";
import { sqliteStore } from "@/lib/db/store/sqlite";
import { migratedDb } from "@/tests/helpers/temp-db";
import { uuidv7 } from "./request-id";
import { CaptureWriter, type CaptureRow, type CommittedRow } from "./writer";

let db: ReturnType<typeof migratedDb>;
let endpointId: string;
beforeEach(async () => {
  db = migratedDb();
  const user = await db.prisma.user.create({ data: { email: "w@example.com" } });
  endpointId = (await db.prisma.endpoint.create({ data: { userId: user.id, slug: "w".repeat(24) } })).id;
});
afterEach(() => db.cleanup());

const row = (over: Partial<CaptureRow> = {}): CaptureRow => ({
  id: uuidv7(), endpointId, method: "POST", path: "/", query: "", headers: "[]", body: Buffer.from("{}"),
  contentType: "application/json", size: 2, ip: "127.0.0.1", receivedAt: new Date(), maxRequests: 10_000, deliveries: [], signatureStatus: "none", signature: null, deliveryId: null, ...over,
});

describe("CaptureWriter", () => {
  it("commits concurrent writes in one batch, in arrival order, with consecutive seqs", async () => {
    const writer = new CaptureWriter(sqliteStore(db.prisma));
    const batches: CommittedRow[][] = [];
    writer.onCommit((rows) => batches.push(rows));
    const rows = Array.from({ length: 50 }, (_, i) => row({ body: Buffer.from([i, 0, 255]), size: 3 }));
    const committed = await Promise.all(rows.map((r) => writer.write(r)));
    expect(committed.map((c) => c.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(batches).toHaveLength(1);
    const stored = await db.prisma.capturedRequest.findMany({ orderBy: { seq: "asc" } });
    expect(stored.map((s) => s.id)).toEqual(rows.map((r) => r.id));
    expect(Buffer.from(stored[7].body)).toEqual(Buffer.from([7, 0, 255]));
    expect(stored[0].receivedAt).toEqual(rows[0].receivedAt);
  });

  it("resolves a write only after its row is readable", async () => {
    const writer = new CaptureWriter(sqliteStore(db.prisma));
    const r = row();
    await writer.write(r);
    expect(await db.prisma.capturedRequest.findUnique({ where: { id: r.id } })).not.toBeNull();
  });

  it("continues after the highest stored seq when restarted", async () => {
    const first = new CaptureWriter(sqliteStore(db.prisma));
    for (let i = 0; i < 3; i++) await first.write(row());
    expect((await new CaptureWriter(sqliteStore(db.prisma)).write(row())).seq).toBe(4);
  });

  it("continues from the Endpoint.lastSeq mark when the rows were deleted", async () => {
    await new CaptureWriter(sqliteStore(db.prisma)).write(row());
    // What clearRequests does: record the mark, then delete (lib/requests/queries.ts).
    await db.prisma.$executeRawUnsafe(`UPDATE "Endpoint" SET "lastSeq" = 1`);
    await db.prisma.capturedRequest.deleteMany({});
    expect((await new CaptureWriter(sqliteStore(db.prisma)).write(row())).seq).toBe(2);
  });

  it("prunes the oldest rows beyond the endpoint's cap in the same commit", async () => {
    const writer = new CaptureWriter(sqliteStore(db.prisma));
    for (let i = 0; i < 12; i++) await writer.write(row({ maxRequests: 5 }));
    const seqs = (await db.prisma.capturedRequest.findMany({ orderBy: { seq: "asc" } })).map((r) => r.seq);
    expect(seqs).toEqual([8, 9, 10, 11, 12]);
  });

  it("fails only the bad row of a batch", async () => {
    const writer = new CaptureWriter(sqliteStore(db.prisma));
    const good = [row(), row()];
    const results = await Promise.allSettled([writer.write(good[0]), writer.write(row({ endpointId: "gone" })), writer.write(good[1])]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(await db.prisma.capturedRequest.count()).toBe(2);
  });

  it("enqueues a row's forwarding deliveries in the same commit, or neither", async () => {
    const rule = await db.prisma.forwardRule.create({ data: { endpointId, name: "r", targetUrl: "http://127.0.0.1:9/" } });
    const writer = new CaptureWriter(sqliteStore(db.prisma));
    const forwarded = row({ deliveries: [{ id: uuidv7(), ruleId: rule.id, held: false }] });
    const orphan = row({ deliveries: [{ id: uuidv7(), ruleId: "no-such-rule", held: false }] });
    const results = await Promise.allSettled([writer.write(forwarded), writer.write(orphan), writer.write(row())]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);

    const deliveries = await db.prisma.delivery.findMany();
    expect(deliveries).toMatchObject([{ id: forwarded.deliveries[0].id, requestId: forwarded.id, ruleId: rule.id, state: "pending", nextAttemptAt: forwarded.receivedAt }]);
    // The request whose delivery could not be enqueued was not stored either.
    expect(await db.prisma.capturedRequest.findUnique({ where: { id: orphan.id } })).toBeNull();
    expect(await db.prisma.capturedRequest.count()).toBe(2);
  });

  it("tells its observer each commit's row count and duration", async () => {
    const writer = new CaptureWriter(sqliteStore(db.prisma));
    const seen: [number, number][] = [];
    writer.observeCommits((rows, seconds) => seen.push([rows, seconds]));
    await Promise.all(Array.from({ length: 7 }, () => writer.write(row())));
    await writer.write(row());
    expect(seen.map(([rows]) => rows)).toEqual([7, 1]);
    for (const [, seconds] of seen) expect(seconds).toBeGreaterThan(0);
  });

  it("reports how long the oldest uncommitted write has waited, and when all are committed", async () => {
    const writer = new CaptureWriter(sqliteStore(db.prisma));
    expect(writer.oldestPendingMs()).toBe(0);
    await writer.whenIdle(); // nothing pending: resolves at once

    const t0 = performance.now();
    const writes = [writer.write(row()), writer.write(row())];
    expect(writer.oldestPendingMs(t0 + 5000)).toBeGreaterThanOrEqual(4999);
    let committed = 0;
    for (const w of writes) void w.then(() => committed++);
    await writer.whenIdle();
    await Promise.resolve();
    expect(committed).toBe(2);
    expect(writer.oldestPendingMs()).toBe(0);
    expect(await db.prisma.capturedRequest.count()).toBe(2);
  });

  it("remembers a storage failure (not a bad row) until a commit succeeds", async () => {
    const writer = new CaptureWriter(sqliteStore(db.prisma));
    await expect(writer.write(row({ endpointId: "gone" }))).rejects.toThrow(/no longer exists/);
    expect(writer.lastFailure()).toBeNull(); // one bad row says nothing about the database

    const other = new Database(db.file);
    other.exec("BEGIN IMMEDIATE"); // another connection holds the write lock
    try {
      await expect(writer.write(row())).rejects.toThrow();
      expect(storageFailure(writer.lastFailure()?.error)).toBe("busy");
      expect(writer.lastFailure()!.at).toBeLessThanOrEqual(Date.now());
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    await writer.write(row());
    expect(writer.lastFailure()).toBeNull();
  });

  it("counts committed requests per endpoint and hour in the same commit", async () => {
    const writer = new CaptureWriter(sqliteStore(db.prisma));
    const hour = (h: number, min = 0) => new Date(Date.UTC(2026, 10, 22, h, min));
    await Promise.all([writer.write(row({ receivedAt: hour(9, 59) })), writer.write(row({ receivedAt: hour(10, 0) })), writer.write(row({ receivedAt: hour(10, 30) }))]);
    await writer.write(row({ receivedAt: hour(10, 45) }));
    const activity = await db.prisma.endpointActivity.findMany({ orderBy: { hour: "asc" } });
    const h10 = Date.UTC(2026, 10, 22, 10) / 3_600_000;
    expect(activity.map((a) => [a.hour, a.requests])).toEqual([[h10 - 1, 1], [h10, 3]]);
  });
});
