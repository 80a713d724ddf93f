import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Condition } from "@/lib/conditions/schema";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { migratePostgres } from "@/lib/db/postgres-migrator";
import { agreementRows, expectAgreementOnGeneratedConditions, expectAgreementOnGeneratedConjunctions, jsIds } from "@/lib/db/store/search/agreement-fixture";
import { selectCandidates } from "@/lib/db/store/search/where";
import { postgresStore } from "@/lib/db/store/postgres";
import type { Store } from "@/lib/db/store";
import { createPostgresDatabase, TEST_KIND } from "./helpers/databases";

/**
 * The PostgreSQL translation of search conditions against a real, migrated PostgreSQL database
 * (jsonb headers, bytea bodies, the generated bodyJson column): the same agreement checks as
 * SQLite's (lib/db/store/search/sqlite.test.ts), with the same rows, written by the real capture
 * commit. Runs in the "postgres" test project.
 */
describe.skipIf(TEST_KIND !== "postgres")("PostgreSQL search translation agrees with the matcher", () => {
  let db: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let prisma: PrismaClient;
  let store: Store;
  beforeAll(async () => {
    db = await createPostgresDatabase();
    await migratePostgres(db.url, path.resolve(import.meta.dirname, "../prisma/postgres/migrations"));
    prisma = createPrismaClient(db.url);
    store = postgresStore(prisma);
    const user = await prisma.user.create({ data: { email: "search@example.com" } });
    for (const [id, slug] of [["ep", "e".repeat(24)], ["ep2", "f".repeat(24)]]) await prisma.endpoint.create({ data: { id, userId: user.id, slug } });
    const capture = (r: (typeof agreementRows)[number], endpointId: string, id = r.id) => ({
      id, endpointId, method: r.method, path: r.path, query: "", headers: JSON.stringify(r.headers), body: Buffer.from(r.body),
      contentType: null, size: r.body.length, ip: "::1", receivedAt: r.receivedAt, signatureStatus: "none", signature: null,
      deliveryId: null, maxRequests: 1000, deliveries: [],
    });
    await store.commitCaptures(agreementRows.map((r) => capture(r, "ep")));
    // Another endpoint's row, which every search must leave out.
    await store.commitCaptures([capture(agreementRows[1], "ep2", "other")]);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  const sqlSearch = async (conditions: Condition[], filters = {}) => {
    const where = store.searchWhere("ep", conditions, filters, new Date("2025-01-01T03:00:00Z"));
    const rows = await store.query<{ id: string }>(selectCandidates(where, undefined, 10_000));
    return { ids: rows.map((r) => r.id).sort(), recheck: where.recheck };
  };

  it("stores the rows with consecutive sequence numbers", async () => {
    expect((await prisma.capturedRequest.findMany({ where: { endpointId: "ep" }, orderBy: { seq: "asc" } })).map((r) => r.seq)).toEqual(agreementRows.map((r) => r.seq));
  });

  it("for 1,500 generated conditions and their negations", async () => {
    expect(await expectAgreementOnGeneratedConditions(sqlSearch)).toBeGreaterThan(100);
  }, 120_000);

  it("for 500 generated conjunctions", async () => {
    await expectAgreementOnGeneratedConjunctions(sqlSearch);
  }, 120_000);

  it("filters by time like SQLite: after inclusive, before exclusive, relative to now", async () => {
    expect((await sqlSearch([], { after: "2025-01-01T02:30:00Z" })).ids).toEqual(agreementRows.filter((r) => r.seq - 1 >= 150).map((r) => r.id).sort());
    expect((await sqlSearch([], { before: "2025-01-01T00:02:00Z" })).ids).toEqual(["r0", "r1"]);
    expect((await sqlSearch([], { after: "170m", before: "168m" })).ids).toEqual(["r10", "r11"]);
    expect(jsIds([{ type: "json", path: "n", op: "equals", value: 42 }]).length).toBeGreaterThan(0);
  });
});
