import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrator";
import { MIGRATIONS_DIR, tempDir } from "@/tests/helpers/temp-db";
import { sqliteProbe } from "@/lib/db/probe";
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

const readiness = (migrationsDir = MIGRATIONS_DIR) => createReadiness({ probe: sqliteProbe(file), migrationsDir, writer, cacheMs: 0 });

describe("readiness", () => {
  it("is ready with the database there, migrated, and the writer committing", async () => {
    expect(await readiness().check()).toEqual({ ready: true, checks: { database: "ok", migrations: "ok", writer: "ok" } });
  });

  it("is not ready while the database file is missing, and ready again once it is back", async () => {
    const r = readiness();
    fs.renameSync(file, `${file}.away`);
    expect(await r.check()).toMatchObject({ ready: false, checks: { database: "unavailable (SQLITE_CANTOPEN)" } });
    expect(fs.existsSync(file)).toBe(false); // the probe did not create an empty one
    fs.renameSync(`${file}.away`, file);
    expect((await r.check()).ready).toBe(true);
  });

  it("is not ready while a migration on disk is not applied", async () => {
    const migrations = path.join(dir, "migrations");
    fs.cpSync(MIGRATIONS_DIR, migrations, { recursive: true });
    fs.mkdirSync(path.join(migrations, "99990101000000_later"));
    fs.writeFileSync(path.join(migrations, "99990101000000_later", "migration.sql"), "SELECT 1;");
    expect(await readiness(migrations).check()).toMatchObject({ ready: false, checks: { migrations: "1 not applied" } });
  });

  it("is not ready while a write has waited more than 10 s", async () => {
    writer.pendingMs = 10_500;
    expect(await readiness().check()).toMatchObject({ ready: false, checks: { writer: "a write has waited 11 s" } });
    writer.pendingMs = 20;
    expect((await readiness().check()).ready).toBe(true);
  });

  it("after a failed commit, is not ready while the write lock is held elsewhere, and ready once it is free", async () => {
    const r = readiness();
    writer.failure = { at: Date.parse("2026-01-02T03:04:05Z"), error: new Error("database is locked") };
    const other = new Database(file);
    other.exec("BEGIN IMMEDIATE");
    try {
      expect(await r.check()).toEqual({
        ready: false,
        checks: { database: "ok", migrations: "ok", writes: "unavailable (SQLITE_BUSY)", writer: "failing since 2026-01-02T03:04:05.000Z" },
      });
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    // The commit failure was not the database's (e.g. a row for a deleted endpoint): the probe says so.
    expect((await r.check()).ready).toBe(true);
  });

  it("never probes the write lock while commits succeed (the app's own transactions hold it at times)", async () => {
    const other = new Database(file);
    other.exec("BEGIN IMMEDIATE");
    try {
      expect((await readiness().check()).ready).toBe(true);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
  });

  it("is not ready once shutdown began", async () => {
    const r = readiness();
    r.markDraining();
    expect(await r.check()).toEqual({ ready: false, checks: { shutdown: "in progress" } });
  });

  it("reuses an answer for a second", async () => {
    const r = createReadiness({ probe: sqliteProbe(file), migrationsDir: MIGRATIONS_DIR, writer });
    expect((await r.check(1_000)).ready).toBe(true);
    writer.pendingMs = 60_000;
    expect((await r.check(1_999)).ready).toBe(true);
    expect((await r.check(2_000)).ready).toBe(false);
  });
});
