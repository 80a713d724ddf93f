import Database from "better-sqlite3";
import { listMigrations } from "@/lib/db/migrator";

export type Readiness = { ready: boolean; checks: Record<string, string> };

/** What readiness needs to know about the capture writer (lib/capture/writer.ts). */
export type WriterHealth = {
  oldestPendingMs(): number;
  lastFailure(): { at: number; error: unknown } | null;
};

// A normal group commit takes milliseconds, and one that meets a lock gives up after ~0.6 s of
// retries (lib/capture/writer.ts). A write waiting this long means commits are stuck, not slow.
const STALL_MS = 10_000;
// The probe connection's lock wait. better-sqlite3 waits synchronously, so this is also the most
// one probe can pause the process; in WAL mode reads do not wait for writers, so only a real
// problem (file replaced, recovery under way) ever waits.
const BUSY_TIMEOUT_MS = 200;
// Load balancers probe every few seconds, anyone may call /readyz: answers are reused this long.
const CACHE_MS = 1_000;

/**
 * /readyz: can this instance take traffic? The database file is there and readable on a fresh
 * connection (which notices a removed or replaced file, which the app's open connection would
 * not), every migration on disk is applied, and captures are being committed. After the writer's
 * latest commit met a storage failure (another process holding the write lock, disk full), a write
 * lock is also tried without waiting, so readiness returns without waiting for the next capture;
 * that probe runs only then, because at other times the app's own transactions may hold the lock
 * for a moment and make it fail for nothing.
 */
export function createReadiness(opts: { databaseFile: string; migrationsDir: string; writer: WriterHealth; cacheMs?: number }) {
  const expected = listMigrations(opts.migrationsDir).map((m) => m.name);
  const cacheMs = opts.cacheMs ?? CACHE_MS;
  let draining = false;
  let cached: { at: number; result: Readiness } | undefined;

  function evaluate(): Readiness {
    if (draining) return { ready: false, checks: { shutdown: "in progress" } };
    const checks: Record<string, string> = {};
    const failure = opts.writer.lastFailure();
    let db: Database.Database | undefined;
    try {
      db = new Database(opts.databaseFile, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
      const applied = new Set(
        db.prepare(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).pluck().all() as string[],
      );
      checks.database = "ok";
      const pending = expected.filter((name) => !applied.has(name)).length;
      checks.migrations = pending ? `${pending} not applied` : "ok";
      if (failure) {
        db.pragma("busy_timeout = 0");
        db.exec("BEGIN IMMEDIATE; ROLLBACK");
      }
    } catch (err) {
      checks[checks.database ? "writes" : "database"] = `unavailable (${errorCode(err)})`;
    } finally {
      db?.close();
    }
    const waiting = opts.writer.oldestPendingMs();
    if (waiting > STALL_MS) checks.writer = `a write has waited ${Math.round(waiting / 1000)} s`;
    else if (failure && checks.writes) checks.writer = `failing since ${new Date(failure.at).toISOString()}`;
    else checks.writer = "ok";
    return { ready: Object.values(checks).every((v) => v === "ok"), checks };
  }

  return {
    check(now = Date.now()): Readiness {
      if (!cached || now - cached.at >= cacheMs) cached = { at: now, result: evaluate() };
      return cached.result;
    },
    /** From now on not ready: the load balancer stops sending while in-flight work finishes. */
    markDraining() {
      draining = true;
      cached = undefined;
    },
  };
}

export type ReadinessCheck = ReturnType<typeof createReadiness>;

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" ? code : "error";
}
