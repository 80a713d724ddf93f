import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { type MatchInput, matches } from "@/lib/conditions/match";
import { type Condition, condition } from "@/lib/conditions/schema";
import { sqliteSearchWhere as searchWhere, sqlitePath } from "./sqlite";
import { selectCandidates } from "./where";

// The SQL translation must agree with the shared matcher: for every generated condition (and its
// negation, and conjunctions), the rows SQL selects are exactly the matcher's, or, for conditions
// it returns in `recheck`, a superset that the matcher then narrows to exactly its own set.

const db = new Database(":memory:");
afterAll(() => db.close());
db.exec(`CREATE TABLE "CapturedRequest" ("id" TEXT PRIMARY KEY, "endpointId" TEXT, "seq" INTEGER, "method" TEXT, "path" TEXT,
  "headers" TEXT, "body" BLOB, "size" INTEGER, "receivedAt" DATETIME)`);

const BODIES: (string | Buffer)[] = [
  JSON.stringify({ type: "paid", n: 42 }),
  JSON.stringify({ type: "failed", n: 42.5 }),
  JSON.stringify({ n: "42", ok: "true" }),
  JSON.stringify({ n: 0, ok: true }),
  JSON.stringify({ ok: false, x: null }),
  JSON.stringify({ items: [{ sku: "A" }, { sku: "B" }] }),
  JSON.stringify([1, 2, { a: "b" }]),
  JSON.stringify({ "x-y": "dash", s: 'say "hi" é' }),
  JSON.stringify({ a: { b: { c: [true, null] } }, big: 1e300, neg: -3 }),
  '"just a string"',
  "42",
  "null",
  '{"type":"paid"',
  "type=paid&n=42",
  "",
  Buffer.from([0x7b, 0xff, 0x22, 0x6e, 0x22, 0x3a, 0x34, 0x32, 0x7d]),
];
const PATHS = ["/", "/a", "/a/", "/a/b", "/a/b/c", "/ab", "/stripe/webhook", "/stripe/refund", "/x[1]", "/v1.0/x", "/a/x/b", "/é", "/a/b/x/y"];
const HEADERS: [string, string][][] = [
  [], [["X-A", "1"]], [["x-a", "one"], ["X-A", "two"]], [["Content-Type", "application/json"]], [["X-B", "' OR 1=1"], ["x-a", "é"]],
  [["Stripe-Signature", "t=1,v1=abc"]],
];
const METHODS = ["GET", "POST", "PUT", "PURGE"];

type Row = MatchInput & { id: string; seq: number };
const rows: Row[] = [];
const insert = db.prepare(`INSERT INTO "CapturedRequest" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
for (let i = 0; i < 160; i++) {
  const body = BODIES[i % BODIES.length];
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  const row: Row = {
    id: `r${i}`, seq: i + 1, method: METHODS[(i * 7) % METHODS.length], path: PATHS[(i * 5) % PATHS.length],
    headers: HEADERS[(i * 3) % HEADERS.length], body: new Uint8Array(bytes), contentType: null,
  };
  rows.push(row);
  insert.run(row.id, "ep", row.seq, row.method, row.path, JSON.stringify(row.headers), bytes, bytes.length, new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString().replace("Z", "+00:00"));
}
// Another endpoint's row, which every search must leave out.
insert.run("other", "ep2", 1, "GET", "/a", "[]", Buffer.from("{}"), 2, "2025-01-01T00:00:00.000+00:00");

function sqlIds(conditions: Condition[], filters = {}): { ids: string[]; recheck: Condition[] } {
  const where = searchWhere("ep", conditions, filters, new Date("2025-01-01T03:00:00Z"));
  const q = selectCandidates(where, undefined, 10_000);
  const found = db.prepare(q.sql).all(...(q.params as unknown[])) as { id: string }[];
  return { ids: found.map((r) => r.id).sort(), recheck: where.recheck };
}
const jsIds = (conditions: Condition[], from: Row[] = rows) => from.filter((r) => matches(conditions, r)).map((r) => r.id).sort();

/** SQL and matcher agree on this conjunction; returns whether SQL needed the matcher's help. */
function expectAgreement(conditions: Condition[]): boolean {
  const { ids, recheck } = sqlIds(conditions);
  const expected = jsIds(conditions);
  const label = JSON.stringify(conditions);
  if (recheck.length === 0) expect(ids, label).toEqual(expected);
  else {
    expect(ids, label).toEqual(expect.arrayContaining(expected)); // a superset
    const candidates = rows.filter((r) => ids.includes(r.id));
    expect(jsIds(recheck, candidates), label).toEqual(expected);
  }
  return recheck.length > 0;
}

function generator(seed: number) {
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)];
  const GLOBS = ["/a", "/a/*", "/a/**", "/**", "/**/b", "/a/**/b", "/*", "/*/*", "/a?", "/x[1]", "/stripe/*", "/stripe*", "/v1.?/x", "/a**b", "/**/x/**", "/?", "/*/b/**"];
  const JSON_PATHS = ["type", "n", "ok", "x", "items[0].sku", "items[1].sku", "[2].a", "[0]", "x-y", "s", "a.b.c[0]", "a.b.c[1]", "big", "neg", "missing"];
  const SCALARS = ["paid", "failed", "42", 42, 42.5, 0, true, false, null, "A", "B", "b", "dash", 'say "hi" é', 1, "true", -3];
  const one = (): Condition => {
    const c: Condition = pick<() => Condition>([
      () => ({ type: "method", in: [pick(METHODS), ...(rnd(2) ? [pick(METHODS)] : [])] }),
      () => ({ type: "path", glob: pick(GLOBS) }),
      () => ({ type: "header", name: pick(["x-a", "X-B", "content-type", "stripe-signature", "x-none"]), op: "exists" }),
      () => ({ type: "header", name: pick(["x-a", "X-A", "x-b"]), op: "equals", value: pick(["1", "one", "two", "é", "' OR 1=1", ""]) }),
      () => ({ type: "header", name: pick(["x-a", "stripe-signature"]), op: "matches", pattern: pick(["^t", "o", "^\\d$", "é"]) }),
      () => ({ type: "json", path: pick(JSON_PATHS), op: "exists" }),
      () => ({ type: "json", path: pick(JSON_PATHS), op: "equals", value: pick(SCALARS) }),
      () => ({ type: "json", path: pick(JSON_PATHS), op: "in", values: [pick(SCALARS), pick(SCALARS)] }),
      () => ({ type: "json", path: pick(JSON_PATHS), op: pick(["gt", "gte", "lt", "lte"] as const), value: pick([0, 42, 42.5, -3, 1e300]) }),
      () => ({ type: "json", path: pick(JSON_PATHS), op: "matches", pattern: pick(["^pa", "d$", "^[AB]$", "\\d", "hi"]) }),
      () => ({ type: "body", op: "contains", value: pick(["paid", "42", '"n"', "é", "'", "type=", "\u00ff"]) }),
    ])();
    return condition.parse(rnd(3) === 0 ? { ...c, not: true } : c);
  };
  return { one, rnd };
}

describe("SQLite translation agrees with the matcher", () => {
  it("for 1,500 generated conditions and their negations", () => {
    const { one } = generator(7);
    let rechecked = 0;
    for (let i = 0; i < 1500; i++) {
      const c = one();
      if (expectAgreement([c])) rechecked++;
      expectAgreement([{ ...c, not: !c.not }]);
    }
    expect(rechecked).toBeGreaterThan(100); // the recheck path was exercised, not only exact SQL
  });

  it("for 500 generated conjunctions", () => {
    const { one, rnd } = generator(11);
    for (let i = 0; i < 500; i++) expectAgreement(Array.from({ length: 2 + rnd(3) }, one));
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
