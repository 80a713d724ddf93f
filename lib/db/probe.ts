import Database from "better-sqlite3";
import pg from "pg";
import type { DatabaseProbe } from "@/lib/ops/readiness";

const APPLIED = `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;

/**
 * SQLite: a fresh connection each time (it notices a removed or replaced file). Its lock wait is
 * short because better-sqlite3 waits synchronously, so this is also the most one probe can pause
 * the process; in WAL mode reads do not wait for writers, so only a real problem ever waits.
 */
export function sqliteProbe(databaseFile: string): DatabaseProbe {
  return async ({ tryWrite }) => {
    let db: Database.Database | undefined;
    const out: Awaited<ReturnType<DatabaseProbe>> = { database: "ok" };
    try {
      db = new Database(databaseFile, { fileMustExist: true, timeout: 200 });
      out.applied = new Set(db.prepare(APPLIED).pluck().all() as string[]);
    } catch (err) {
      db?.close();
      return { database: `unavailable (${errorCode(err)})` };
    }
    try {
      if (tryWrite) {
        db.pragma("busy_timeout = 0");
        db.exec("BEGIN IMMEDIATE; ROLLBACK");
      }
      out.writes = "ok";
    } catch (err) {
      out.writes = `unavailable (${errorCode(err)})`;
    } finally {
      db.close();
    }
    return out;
  };
}

/** PostgreSQL: one small pool of its own, with a short statement timeout so a stuck server says so. */
export function postgresProbe(url: string): DatabaseProbe {
  const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 2000, statement_timeout: 2000 });
  pool.on("error", () => undefined); // an idle probe connection dropped: the next check reconnects
  return async () => {
    try {
      const { rows } = await pool.query<{ migration_name: string }>(APPLIED);
      return { database: "ok", applied: new Set(rows.map((r) => r.migration_name)), writes: "ok" };
    } catch (err) {
      return { database: `unavailable (${errorCode(err)})` };
    }
  };
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" ? code : "error";
}
