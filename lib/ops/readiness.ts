import { listMigrations } from "@/lib/db/migrator";

export type Readiness = { ready: boolean; checks: Record<string, string> };

/** What readiness needs to know about the capture writer (lib/capture/writer.ts). */
export type WriterHealth = {
  oldestPendingMs(): number;
  lastFailure(): { at: number; error: unknown } | null;
};

/**
 * Looks at the database on a connection of its own: is it reachable, which migrations are applied,
 * and (only when asked) can a write lock be taken right now. One per database kind
 * (lib/db/probe.ts); resolves with the checks it could make, "ok" or why not.
 */
export type DatabaseProbe = (opts: { tryWrite: boolean }) => Promise<{ database: string; applied?: Set<string>; writes?: string }>;

// A normal group commit takes milliseconds, and one that meets a lock gives up after ~0.6 s of
// retries (lib/capture/writer.ts). A write waiting this long means commits are stuck, not slow.
const STALL_MS = 10_000;
// Load balancers probe every few seconds, anyone may call /readyz: answers are reused this long.
const CACHE_MS = 1_000;

/**
 * /readyz: can this instance take traffic? The database is reachable on a fresh connection (which
 * notices a removed or replaced SQLite file, which the app's open connection would not), every
 * migration on disk is applied, and captures are being committed. After the writer's latest commit
 * met a storage failure (another process holding the write lock, disk full), a write lock is also
 * tried without waiting, so readiness returns without waiting for the next capture; that probe runs
 * only then, because at other times the app's own transactions may hold the lock for a moment and
 * make it fail for nothing.
 */
export function createReadiness(opts: { probe: DatabaseProbe; migrationsDir: string; writer: WriterHealth; cacheMs?: number }) {
  const expected = listMigrations(opts.migrationsDir).map((m) => m.name);
  const cacheMs = opts.cacheMs ?? CACHE_MS;
  let draining = false;
  let cached: { at: number; result: Promise<Readiness> } | undefined;

  async function evaluate(): Promise<Readiness> {
    if (draining) return { ready: false, checks: { shutdown: "in progress" } };
    const failure = opts.writer.lastFailure();
    const probed = await opts.probe({ tryWrite: failure !== null });
    const checks: Record<string, string> = { database: probed.database };
    if (probed.applied) {
      const pending = expected.filter((name) => !probed.applied!.has(name)).length;
      checks.migrations = pending ? `${pending} not applied` : "ok";
    }
    if (probed.writes && probed.writes !== "ok") checks.writes = probed.writes;
    const waiting = opts.writer.oldestPendingMs();
    if (waiting > STALL_MS) checks.writer = `a write has waited ${Math.round(waiting / 1000)} s`;
    else if (failure && checks.writes) checks.writer = `failing since ${new Date(failure.at).toISOString()}`;
    else checks.writer = "ok";
    return { ready: Object.values(checks).every((v) => v === "ok"), checks };
  }

  return {
    check(now = Date.now()): Promise<Readiness> {
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
