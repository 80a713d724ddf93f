import { randomUUID } from "node:crypto";
import pg from "pg";
import { MigrationError, listMigrations, pendingMigrations, type AppliedRow, type MigrationResult } from "./migrator";

/**
 * prisma/postgres/migrations applied like lib/db/migrator.ts applies SQLite's: in name order, each
 * in its own transaction with its `_prisma_migrations` row (the table `prisma migrate deploy`
 * keeps, so the Prisma CLI agrees where it is available). Several instances may start at once: an
 * advisory lock makes the others wait for the first, then find nothing left to do.
 */
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;
// Any fixed 64-bit number, the same in every instance: "webhook-inbox migrations".
const LOCK_ID = 7_355_608_001;

export async function migratePostgres(url: string, migrationsDir: string): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: url, options: "-c timezone=UTC" });
  try {
    await client.connect();
  } catch (err) {
    throw new MigrationError(`Cannot connect to PostgreSQL (${redact(url)}): ${(err as Error).message}`);
  }
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    await client.query(CREATE_TABLE);
    const { rows } = await client.query<AppliedRow>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`);
    const { pending, alreadyApplied } = pendingMigrations(rows, listMigrations(migrationsDir), redact(url));
    const result: MigrationResult = { applied: [], alreadyApplied };
    for (const m of pending) {
      const startedAt = new Date();
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ($1, $2, $3, $4, now(), 1)`,
          [randomUUID(), m.checksum, m.name, startedAt],
        );
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new MigrationError(`Migration "${m.name}" failed: ${(err as Error).message}`);
      }
      result.applied.push(m.name);
    }
    return result;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => undefined);
    await client.end();
  }
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}
