import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, tempDir } from "@/tests/helpers/temp-db";
import { MigrationError, migrate } from "./migrator";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function fixture(migrations: Record<string, string>) {
  const root = tempDir();
  dirs.push(root);
  const migDir = path.join(root, "migrations");
  for (const [name, sql] of Object.entries(migrations)) {
    fs.mkdirSync(path.join(migDir, name), { recursive: true });
    fs.writeFileSync(path.join(migDir, name, "migration.sql"), sql);
  }
  return { migDir, file: path.join(root, "db.sqlite") };
}

const rows = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY started_at, migration_name`).all() as {
      migration_name: string; checksum: string; finished_at: string | null; applied_steps_count: number;
    }[];
  } finally { db.close(); }
};

describe("migrator", () => {
  it("applies migrations in name order, whatever order they were written in", () => {
    // The second depends on the first: out-of-order application would fail.
    const { migDir, file } = fixture({
      "20260102000000_add_column": `ALTER TABLE "T" ADD COLUMN "b" TEXT;`,
      "20260101000000_create": `CREATE TABLE "T" ("a" TEXT);`,
    });
    const result = migrate(file, migDir);
    expect(result.applied).toEqual(["20260101000000_create", "20260102000000_add_column"]);
    const recorded = rows(file);
    expect(recorded.map((r) => r.migration_name)).toEqual(result.applied);
    expect(recorded.every((r) => r.finished_at && r.applied_steps_count === 1 && /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
    const db = new Database(file);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.prepare(`INSERT INTO "T" (a, b) VALUES ('x', 'y')`).run();
    db.close();
  });

  it("is idempotent: a second run applies nothing and keeps the data", () => {
    const { migDir, file } = fixture({ "1_create": `CREATE TABLE "T" ("a" TEXT);` });
    migrate(file, migDir);
    new Database(file).prepare(`INSERT INTO "T" VALUES ('kept')`).run();
    const again = migrate(file, migDir);
    expect(again).toEqual({ applied: [], alreadyApplied: ["1_create"] });
    expect(rows(file)).toHaveLength(1);
    expect(new Database(file).prepare(`SELECT a FROM "T"`).all()).toEqual([{ a: "kept" }]);
  });

  it("applies only the new migration when one is added later", () => {
    const { migDir, file } = fixture({ "1_create": `CREATE TABLE "T" ("a" TEXT);` });
    migrate(file, migDir);
    fs.mkdirSync(path.join(migDir, "2_more"));
    fs.writeFileSync(path.join(migDir, "2_more", "migration.sql"), `CREATE TABLE "U" ("b" TEXT);`);
    expect(migrate(file, migDir)).toEqual({ applied: ["2_more"], alreadyApplied: ["1_create"] });
  });

  it("refuses to start when an applied migration's file changed, naming it", () => {
    const { migDir, file } = fixture({ "1_create": `CREATE TABLE "T" ("a" TEXT);` });
    migrate(file, migDir);
    fs.writeFileSync(path.join(migDir, "1_create", "migration.sql"), `CREATE TABLE "T" ("a" TEXT, "z" INT);`);
    expect(() => migrate(file, migDir)).toThrow(MigrationError);
    expect(() => migrate(file, migDir)).toThrow(/Migration "1_create" was modified after it was applied/);
  });

  it("rolls back a failing migration and records nothing for it", () => {
    const { migDir, file } = fixture({
      "1_create": `CREATE TABLE "T" ("a" TEXT);`,
      "2_broken": `CREATE TABLE "U" ("b" TEXT); THIS IS NOT SQL;`,
    });
    expect(() => migrate(file, migDir)).toThrow();
    expect(rows(file).map((r) => r.migration_name)).toEqual(["1_create"]);
    const tables = new Database(file).prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name='U'`).all();
    expect(tables).toEqual([]);
  });

  it("refuses a database with a migration Prisma left unfinished", () => {
    const { migDir, file } = fixture({ "1_create": `CREATE TABLE "T" ("a" TEXT);` });
    migrate(file, migDir);
    new Database(file).prepare(`UPDATE _prisma_migrations SET finished_at = NULL`).run();
    expect(() => migrate(file, migDir)).toThrow(/started but never finished/);
  });

  it("redefines a referenced table without cascading into the rows that reference it", () => {
    const { migDir, file } = fixture({
      "1_create": `CREATE TABLE "P" ("id" TEXT PRIMARY KEY, "x" TEXT NOT NULL);
        CREATE TABLE "C" ("id" TEXT PRIMARY KEY, "pId" TEXT NOT NULL REFERENCES "P" ("id") ON DELETE CASCADE);
        INSERT INTO "P" VALUES ('p1', 'a'); INSERT INTO "C" VALUES ('c1', 'p1');`,
      // Prisma's form of "make x optional" on SQLite: copy, drop, rename.
      "2_redefine": `PRAGMA defer_foreign_keys=ON; PRAGMA foreign_keys=OFF;
        CREATE TABLE "new_P" ("id" TEXT PRIMARY KEY, "x" TEXT);
        INSERT INTO "new_P" SELECT "id", "x" FROM "P"; DROP TABLE "P"; ALTER TABLE "new_P" RENAME TO "P";
        PRAGMA foreign_keys=ON; PRAGMA defer_foreign_keys=OFF;`,
    });
    migrate(file, migDir);
    const db = new Database(file);
    expect(db.prepare(`SELECT * FROM "C"`).all()).toEqual([{ id: "c1", pId: "p1" }]);
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    db.close();
  });

  it("refuses a migration that leaves rows pointing nowhere", () => {
    const { migDir, file } = fixture({
      "1_create": `CREATE TABLE "P" ("id" TEXT PRIMARY KEY); CREATE TABLE "C" ("pId" TEXT REFERENCES "P" ("id"));`,
      "2_orphan": `INSERT INTO "C" VALUES ('missing');`,
    });
    expect(() => migrate(file, migDir)).toThrow(/Migration "2_orphan" leaves 1 row\(s\) of "C" pointing at missing "P" rows/);
    expect(rows(file).map((r) => r.migration_name)).toEqual(["1_create"]);
  });

  it("keeps deliveries and their attempts when the replay migration redefines Delivery", () => {
    const { migDir, file } = fixture({});
    const real = fs.readdirSync(MIGRATIONS_DIR).filter((n) => fs.existsSync(path.join(MIGRATIONS_DIR, n, "migration.sql"))).sort();
    const copy = (names: string[]) => names.forEach((n) => fs.cpSync(path.join(MIGRATIONS_DIR, n), path.join(migDir, n), { recursive: true }));
    const replay = real.findIndex((n) => n.endsWith("_replay"));
    copy(real.slice(0, replay));
    migrate(file, migDir);
    const db = new Database(file);
    db.exec(`INSERT INTO "User" (id, email) VALUES ('u', 'u@example.com');
      INSERT INTO "Endpoint" (id, userId, slug, updatedAt) VALUES ('e', 'u', 'slug', 0);
      INSERT INTO "ForwardRule" (id, endpointId, name, targetUrl, updatedAt) VALUES ('r', 'e', 'n', 'https://example.com', 0);
      INSERT INTO "CapturedRequest" (id, endpointId, seq, method, path, query, headers, body, size, ip, receivedAt) VALUES ('q', 'e', 1, 'POST', '/', '', '[]', x'00', 1, '::1', 0);
      INSERT INTO "Delivery" (id, requestId, ruleId, state, attemptCount, createdAt, updatedAt) VALUES ('d', 'q', 'r', 'failed', 1, 0, 0);
      INSERT INTO "DeliveryAttempt" (id, deliveryId, startedAt, target, durationMs) VALUES ('a', 'd', 0, 'https://example.com', 5);`);
    db.close();
    copy(real.slice(replay));
    migrate(file, migDir);
    const after = new Database(file);
    expect(after.prepare(`SELECT id, ruleId, kind, state FROM "Delivery"`).all()).toEqual([{ id: "d", ruleId: "r", kind: "rule", state: "failed" }]);
    expect(after.prepare(`SELECT id FROM "DeliveryAttempt"`).all()).toEqual([{ id: "a" }]);
    after.close();
  });

  it("applies the project's real migrations to an empty file", () => {
    const { file } = fixture({});
    const result = migrate(file, MIGRATIONS_DIR);
    expect(result.applied.length).toBeGreaterThan(0);
    expect(result.applied).toEqual([...result.applied].sort());
  });
});
