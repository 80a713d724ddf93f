import { sqliteStore } from "@/lib/db/store/sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migratedDb } from "@/tests/helpers/temp-db";
import { RejectionCounter, describeRefused } from "./rejections";

let db: ReturnType<typeof migratedDb>;
let endpointId: string;
const slug = "k".repeat(24);
beforeEach(async () => {
  db = migratedDb();
  const user = await db.prisma.user.create({ data: { email: "r@example.com" } });
  endpointId = (await db.prisma.endpoint.create({ data: { userId: user.id, slug } })).id;
});
afterEach(() => db.cleanup());

const rows = () => db.prisma.endpointRejection.findMany({ orderBy: { reason: "asc" } });

describe("RejectionCounter", () => {
  it("adds counts per endpoint and reason across flushes, keeping the latest time and detail", async () => {
    let t = Date.UTC(2026, 10, 22, 10);
    const counter = new RejectionCounter(() => new Date(t));
    counter.record(slug, "rate_limited", describeRefused("POST", "/a"));
    t += 1000;
    counter.record(slug, "rate_limited", describeRefused("POST", "/b"));
    counter.record(slug, "too_large", describeRefused("PUT", "/upload", "over the 1 MiB limit"));
    await counter.flush(sqliteStore(db.prisma));
    expect(await rows()).toEqual([
      { endpointId, reason: "rate_limited", count: 2, lastAt: new Date(t), lastDetail: "POST /b" },
      { endpointId, reason: "too_large", count: 1, lastAt: new Date(t), lastDetail: "PUT /upload, over the 1 MiB limit" },
    ]);

    t += 5000;
    counter.record(slug, "rate_limited", describeRefused("GET", "/c"));
    await counter.flush(sqliteStore(db.prisma));
    await counter.flush(sqliteStore(db.prisma)); // nothing new: no change
    expect((await rows())[0]).toMatchObject({ count: 3, lastAt: new Date(t), lastDetail: "GET /c" });
  });

  it("drops counts for slugs that are no endpoint, and shortens long details", async () => {
    const counter = new RejectionCounter();
    counter.record("nope".repeat(6), "malformed", "x");
    counter.record(slug, "malformed", `POST /${"p".repeat(500)}`);
    await counter.flush(sqliteStore(db.prisma));
    const stored = await rows();
    expect(stored).toHaveLength(1);
    expect(stored[0].lastDetail).toHaveLength(200);
    expect(stored[0].lastDetail!.endsWith("…")).toBe(true);
  });
});
