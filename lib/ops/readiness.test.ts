import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrator";
import { MIGRATIONS_DIR, tempDir } from "@/tests/helpers/temp-db";
import { createReadiness, type WriterHealth } from "./readiness";

let dir: string;
let file: string;
let writer: { pendingMs: number; failure: { at: number; error: unknown } | null } & WriterHealth;
beforeEach(() => {
  dir = tempDir();
  file = path.join(dir, "inbox.db");
  migrate(file, MIGRATIONS_DIR);
  writer = { pendingMs: 0, failure: null, oldestPendingMs: () => writer.pendingMs, lastFailure: () => writer.failure };
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const readiness = (migrationsDir = MIGRATIONS_DIR) => createReadiness({ databaseFile: file, migrationsDir, writer, cacheMs: 0 });

describe("readiness", () => {
  it("is ready with the database there, migrated, and the writer committing", () => {
    expect(readiness().check()).toEqual({ ready: true, checks: { database: "ok", migrations: "ok", writer: "ok" } });
  });

  it("is not ready while the database file is missing, and ready again once it is back", () => {
    const r = readiness();
    fs.renameSync(file, `${file}.away`);
    expect(r.check()).toMatchObject({ ready: false, checks: { database: "unavailable (SQLITE_CANTOPEN)" } });
    expect(fs.existsSync(file)).toBe(false); // the probe did not create an empty one
    fs.renameSync(`${file}.away`, file);
    expect(r.check().ready).toBe(true);
  });

  it("is not ready while a migration on disk is not applied", () => {
    const migrations = path.join(dir, "migrations");
    fs.cpSync(MIGRATIONS_DIR, migrations, { recursive: true });
    fs.mkdirSync(path.join(migrations, "99990101000000_later"));
    fs.writeFileSync(path.join(migrations, "99990101000000_later", "migration.sql"), "SELECT 1;");
    expect(readiness(migrations).check()).toMatchObject({ ready: false, checks: { migrations: "1 not applied" } });
  });

  it("is not ready while a write has waited more than 10 s", () => {
    writer.pendingMs = 10_500;
    expect(readiness().check()).toMatchObject({ ready: false, checks: { writer: "a write has waited 11 s" } });
    writer.pendingMs = 20;
    expect(readiness().check().ready).toBe(true);
  });

  it("after a failed commit, is not ready while the write lock is held elsewhere, and ready once it is free", () => {
    const r = readiness();
    writer.failure = { at: Date.parse("2026-01-02T03:04:05Z"), error: new Error("database is locked") };
    const other = new Database(file);
    other.exec("BEGIN IMMEDIATE");
    try {
      expect(r.check()).toEqual({
        ready: false,
        checks: { database: "ok", migrations: "ok", writes: "unavailable (SQLITE_BUSY)", writer: "failing since 2026-01-02T03:04:05.000Z" },
      });
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    // The commit failure was not the database's (e.g. a row for a deleted endpoint): the probe says so.
    expect(r.check().ready).toBe(true);
  });

  it("never probes the write lock while commits succeed (the app's own transactions hold it at times)", () => {
    const other = new Database(file);
    other.exec("BEGIN IMMEDIATE");
    try {
      expect(readiness().check().ready).toBe(true);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
  });

  it("is not ready once shutdown began", () => {
    const r = readiness();
    r.markDraining();
    expect(r.check()).toEqual({ ready: false, checks: { shutdown: "in progress" } });
  });

  it("reuses an answer for a second", () => {
    const r = createReadiness({ databaseFile: file, migrationsDir: MIGRATIONS_DIR, writer });
    expect(r.check(1_000).ready).toBe(true);
    writer.pendingMs = 60_000;
    expect(r.check(1_999).ready).toBe(true);
    expect(r.check(2_000).ready).toBe(false);
  });
});
