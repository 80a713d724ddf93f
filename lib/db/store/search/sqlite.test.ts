import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import type { Condition } from "@/lib/conditions/schema";
import { agreementRows, expectAgreementOnGeneratedConditions, expectAgreementOnGeneratedConjunctions, jsIds } from "./agreement-fixture";
import { sqliteSearchWhere as searchWhere, sqlitePath } from "./sqlite";
import { selectCandidates } from "./where";

// The SQL translation must agree with the shared matcher: for every generated condition (and its
// negation, and conjunctions), the rows SQL selects are exactly the matcher's, or, for conditions
// it returns in `recheck`, a superset that the matcher then narrows to exactly its own set.

const db = new Database(":memory:");
afterAll(() => db.close());
db.exec(`CREATE TABLE "CapturedRequest" ("id" TEXT PRIMARY KEY, "endpointId" TEXT, "seq" INTEGER, "method" TEXT, "path" TEXT,
  "headers" TEXT, "body" BLOB, "size" INTEGER, "receivedAt" DATETIME)`);

const insert = db.prepare(`INSERT INTO "CapturedRequest" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
for (const r of agreementRows) {
  insert.run(r.id, "ep", r.seq, r.method, r.path, JSON.stringify(r.headers), Buffer.from(r.body), r.body.length, r.receivedAt.toISOString().replace("Z", "+00:00"));
}
// Another endpoint's row, which every search must leave out.
insert.run("other", "ep2", 1, "GET", "/a", "[]", Buffer.from("{}"), 2, "2025-01-01T00:00:00.000+00:00");
const rows = agreementRows;

function sqlIds(conditions: Condition[], filters = {}): { ids: string[]; recheck: Condition[] } {
  const where = searchWhere("ep", conditions, filters, new Date("2025-01-01T03:00:00Z"));
  const q = selectCandidates(where, undefined, 10_000);
  const found = db.prepare(q.sql).all(...(q.params as unknown[])) as { id: string }[];
  return { ids: found.map((r) => r.id).sort(), recheck: where.recheck };
}
const sqlSearch = async (conditions: Condition[], filters = {}) => sqlIds(conditions, filters);

describe("SQLite translation agrees with the matcher", () => {
  it("for 1,500 generated conditions and their negations", async () => {
    const rechecked = await expectAgreementOnGeneratedConditions(sqlSearch);
    expect(rechecked).toBeGreaterThan(100); // the recheck path was exercised, not only exact SQL
  });

  it("for 500 generated conjunctions", async () => {
    await expectAgreementOnGeneratedConjunctions(sqlSearch);
  });

  it("matches non-trivially (the generated vocabulary hits real rows)", () => {
    expect(jsIds([{ type: "json", path: "n", op: "equals", value: 42 }]).length).toBeGreaterThan(0);
    expect(sqlIds([{ type: "path", glob: "/a/*" }]).ids).toEqual(jsIds([{ type: "path", glob: "/a/*" }]));
  });
});

describe("what needs the matcher", () => {
  it.each<[string, Condition, boolean]>([
    ["literal path", { type: "path", glob: "/a/b" }, false],
    ["glob with * and ?", { type: "path", glob: "/a/*/b?" }, false],
    ["glob with **", { type: "path", glob: "/a/**" }, true],
    ["header regex", { type: "header", name: "x", op: "matches", pattern: "a" }, true],
    ["json regex", { type: "json", path: "a", op: "matches", pattern: "a" }, true],
    ["negated json regex", { type: "json", path: "a", op: "matches", pattern: "a", not: true }, true],
    ["json comparison", { type: "json", path: "a", op: "gt", value: 1 }, false],
  ])("%s", (_l, c, needsMatcher) => {
    expect(searchWhere("ep", [c], {}, new Date()).recheck).toEqual(needsMatcher ? [c] : []);
  });

  it("gives a negated recheck condition no prefilter", () => {
    const w = searchWhere("ep", [{ type: "header", name: "x", op: "matches", pattern: "a", not: true }], {}, new Date());
    expect(w.sql).toBe(`("endpointId" = ?)`);
  });
});

describe("filters and paging", () => {
  it("after is inclusive, before exclusive, relative times counted from now", () => {
    // Row i was received at 00:i; "now" is 03:00.
    expect(sqlIds([], { after: "2025-01-01T02:30:00Z" }).ids).toEqual(rows.filter((r) => r.seq - 1 >= 150).map((r) => r.id).sort());
    expect(sqlIds([], { before: "2025-01-01T00:02:00Z" }).ids).toEqual(["r0", "r1"]);
    expect(sqlIds([], { after: "170m", before: "168m" }).ids).toEqual(["r10", "r11"]);
  });

  it("pages newest first below a seq", () => {
    const q = selectCandidates(searchWhere("ep", [], {}, new Date()), 10, 3);
    expect((db.prepare(q.sql).all(...(q.params as unknown[])) as { seq: number }[]).map((r) => r.seq)).toEqual([9, 8, 7]);
  });
});

describe("known gap", () => {
  it("well-formed JSON around invalid UTF-8 is JSON to SQLite, not to the matcher (which decodes strictly)", () => {
    const mem = new Database(":memory:");
    mem.exec(`CREATE TABLE "CapturedRequest" ("id" TEXT, "endpointId" TEXT, "seq" INTEGER, "body" BLOB)`);
    mem.prepare(`INSERT INTO "CapturedRequest" VALUES ('x', 'ep', 1, ?)`).run(Buffer.concat([Buffer.from('{"n":"a'), Buffer.from([0xff]), Buffer.from('"}')]));
    const q = selectCandidates(searchWhere("ep", [{ type: "json", path: "n", op: "exists" }], {}, new Date()), undefined, 10);
    expect(mem.prepare(q.sql.replace(`, "size"`, "")).all(...(q.params as unknown[]))).toHaveLength(1);
    mem.close();
  });
});

describe("values are parameters", () => {
  it("binds every value, including JSON paths", () => {
    const w = searchWhere(
      "ep",
      [
        { type: "body", op: "contains", value: "') OR 1=1 --" },
        { type: "json", path: "x-y", op: "equals", value: "' OR '1'='1" },
        { type: "header", name: "x-a", op: "equals", value: '"; DROP TABLE x' },
      ],
      {},
      new Date(),
    );
    expect(w.sql).not.toMatch(/OR 1=1|OR '1'|DROP|x-y/);
    expect(w.params).toContain('$."x-y"');
  });

  it("writes SQLite JSON paths with quoted labels", () => {
    expect(sqlitePath("data.items[0].x-y")).toBe('$."data"."items"[0]."x-y"');
    expect(sqlitePath("[1][2].$a")).toBe('$[1][2]."$a"');
  });
});
