import Database from "better-sqlite3";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Applies prisma/migrations/<name>/migration.sql in name order and records each in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does (same table, sha256 checksum of the
 * file), so a user who has Prisma's native engine can still run `prisma migrate status/deploy`.
 * We need our own because that engine cannot be downloaded on the machines we build on.
 */
export class MigrationError extends Error {}

export type MigrationResult = { applied: string[]; alreadyApplied: string[] };

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export type AppliedRow = { migration_name: string; checksum: string; finished_at: unknown; rolled_back_at: unknown };
export type MigrationFile = { name: string; sql: string; checksum: string };

export function listMigrations(dir: string): MigrationFile[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * What is left to apply, refusing a database in a state Prisma would refuse too: a migration that
 * started but never finished, or an applied one whose file changed since.
 */
export function pendingMigrations(applied: AppliedRow[], files: MigrationFile[], where: string): { pending: MigrationFile[]; alreadyApplied: string[] } {
  const done = new Map(applied.filter((r) => !r.rolled_back_at).map((r) => [r.migration_name, r]));
  const failed = [...done.values()].find((r) => r.finished_at === null);
  if (failed) {
    throw new MigrationError(
      `Migration "${failed.migration_name}" started but never finished; the database needs manual repair ` +
        `(inspect it, then delete that row from _prisma_migrations) before the app can start.`,
    );
  }
  const pending: MigrationFile[] = [];
  const alreadyApplied: string[] = [];
  for (const m of files) {
    const prior = done.get(m.name);
    if (!prior) {
      pending.push(m);
      continue;
    }
    if (prior.checksum !== m.checksum) {
      throw new MigrationError(
        `Migration "${m.name}" was modified after it was applied to ${where} ` +
          `(checksum ${prior.checksum.slice(0, 12)}… recorded, ${m.checksum.slice(0, 12)}… on disk). ` +
          `Applied migrations must not change: restore the file and put the change in a new migration.`,
      );
    }
    alreadyApplied.push(m.name);
  }
  return { pending, alreadyApplied };
}

export function migrate(databaseFile: string, migrationsDir: string): MigrationResult {
  fs.mkdirSync(path.dirname(databaseFile), { recursive: true });
  restrictToOwner(databaseFile);
  const db = new Database(databaseFile);
  try {
    // WAL is a property of the file: set once here, every later connection uses it.
    db.pragma("journal_mode = WAL");
    db.exec(CREATE_TABLE);
    const rows = db
      .prepare(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`)
      .all() as AppliedRow[];
    const { pending, alreadyApplied } = pendingMigrations(rows, listMigrations(migrationsDir), databaseFile);
    const result: MigrationResult = { applied: [], alreadyApplied };
    const insert = db.prepare(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES (?, ?, ?, ?, ?, 1)`,
    );
    for (const m of pending) {
      const startedAt = new Date().toISOString();
      // Foreign keys off while a migration runs, checked before it commits. Prisma redefines a
      // SQLite table by copying it and dropping the old one, with `PRAGMA foreign_keys=OFF` in the
      // file, but that pragma does nothing inside a transaction: with keys on, the DROP would
      // cascade and empty every table that references the old one (a Delivery rebuild would delete
      // all attempts). better-sqlite3 turns foreign keys on by default.
      db.pragma("foreign_keys = OFF");
      try {
        db.transaction(() => {
          db.exec(m.sql);
          const broken = db.pragma("foreign_key_check") as { table: string; parent: string }[];
          if (broken.length) throw new MigrationError(`Migration "${m.name}" leaves ${broken.length} row(s) of "${broken[0].table}" pointing at missing "${broken[0].parent}" rows`);
          insert.run(randomUUID(), m.checksum, m.name, startedAt, new Date().toISOString());
        })();
      } finally {
        db.pragma("foreign_keys = ON");
      }
      result.applied.push(m.name);
    }
    return result;
  } finally {
    db.close();
  }
}

/**
 * The database holds every captured request (and hashed credentials): readable by its owner only.
 * SQLite creates the -wal and -shm files with the database file's mode, so fixing the main file
 * before the first connection covers them; existing ones (from an older version) are fixed too.
 */
export function restrictToOwner(databaseFile: string) {
  fs.closeSync(fs.openSync(databaseFile, "a", 0o600));
  for (const f of [databaseFile, `${databaseFile}-wal`, `${databaseFile}-shm`, `${databaseFile}-journal`]) {
    try {
      fs.chmodSync(f, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
}
