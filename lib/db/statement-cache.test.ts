import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { cacheStatements } from "./statement-cache";

type View = { run(): unknown; reader: boolean; columns(): { name: string }[]; raw(): { all(): unknown[][] } };
type Prepared = { run(): unknown; bind(args: unknown[]): View };

describe("cacheStatements", () => {
  it("reuses one prepared statement per SQL text, binding each execution's arguments", () => {
    const db = new Database(":memory:");
    let compiled = 0;
    const original = db.prepare.bind(db);
    Object.assign(db, { prepare: (sql: string) => (compiled++, original(sql)) });
    cacheStatements(db);
    const prepare = (sql: string) => db.prepare(sql) as unknown as Prepared;
    prepare("CREATE TABLE t (a INTEGER, b TEXT)").run();
    for (const [a, b] of [[1, "one"], [2, "two"]] as const) prepare("INSERT INTO t VALUES (?, ?)").bind([a, b]).run();
    const select = (min: number) => prepare("SELECT a, b FROM t WHERE a >= ? ORDER BY a").bind([min]);
    expect(select(1).reader).toBe(true);
    expect(select(1).columns().map((c) => c.name)).toEqual(["a", "b"]);
    expect(select(1).raw().all()).toEqual([[1, "one"], [2, "two"]]);
    expect(select(2).raw().all()).toEqual([[2, "two"]]);
    // The adapter's transactions: BEGIN and COMMIT prepared and run without arguments.
    prepare("BEGIN").run();
    prepare("INSERT INTO t VALUES (?, ?)").bind([3, "three"]).run();
    prepare("COMMIT").run();
    expect(select(3).raw().all()).toEqual([[3, "three"]]);
    expect(compiled).toBe(5); // CREATE, INSERT, SELECT, BEGIN, COMMIT: each compiled once
    db.close();
  });
});
