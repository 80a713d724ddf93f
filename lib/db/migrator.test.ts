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

  it("applies the project's real migrations to an empty file", () => {
    const { file } = fixture({});
    const result = migrate(file, MIGRATIONS_DIR);
    expect(result.applied.length).toBeGreaterThan(0);
    expect(result.applied).toEqual([...result.applied].sort());
  });
});
