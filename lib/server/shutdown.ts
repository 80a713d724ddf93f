import type { EventEmitter } from "node:events";
import type { Server } from "node:http";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "@/lib/log/logger";

export type DrainDeps = {
  server: Server;
  graceMs: number;
  log: Logger;
  /** /readyz answers 503 from now on, so a load balancer stops sending. */
  readiness: { markDraining(): void };
  /** Ends every open SSE stream with a reconnect hint; returns how many there were. */
  streams: { closeAll(): number };
  deliveries: { drain(timeoutMs: number): Promise<{ finished: number; requeued: number }> };
  writer: { whenIdle(): Promise<void> };
  /** Stops running live experiments (saved as failed, with what they measured); resolves once saved. */
  experiments?: { stopAll(reason: string): Promise<number> };
  closeDatabase: () => Promise<void>;
};

// Connections that finish their last answer after close() are not closed by Node 20 (it closes the
// idle ones only once, when close() is called), so they are swept this often while draining.
const IDLE_SWEEP_MS = 100;

/**
 * The graceful part of shutdown. In order: stop accepting connections and report not ready; end
 * live streams with a reconnect hint; let requests and delivery attempts under way finish (answers
 * now carry `Connection: close`); at the drain deadline cut what is left and hand unfinished
 * deliveries back to the queue; wait for the capture writer's last commit; close the database.
 * Part of the grace period (a fifth, at most 1 s) is kept for those last steps.
 */
export function createShutdown(deps: DrainDeps) {
  let draining = false;
  return {
    /** True once shutdown began: answers should close their connection. */
    get draining() {
      return draining;
    },
    async run(deadline: number): Promise<void> {
      draining = true;
      const started = Date.now();
      const drainUntil = deadline - Math.min(1000, Math.floor(deps.graceMs / 5));
      deps.readiness.markDraining();
      // Before the streams and connections they use go away, so their reports say why they stopped.
      const experiments = deps.experiments?.stopAll("the server shut down") ?? Promise.resolve(0);
      const closed = new Promise<void>((resolve) => deps.server.close(() => resolve()));
      const streams = deps.streams.closeAll();
      const sweep = setInterval(() => deps.server.closeIdleConnections(), IDLE_SWEEP_MS);
      const timeLeft = () => Math.max(0, drainUntil - Date.now());
      const drainTimer = new AbortController();
      let deliveries: { finished: number; requeued: number };
      let experimentsStopped = 0;
      try {
        [deliveries, experimentsStopped] = await Promise.all([
          deps.deliveries.drain(timeLeft()),
          experiments,
          Promise.race([closed, sleep(timeLeft(), undefined, { signal: drainTimer.signal }).catch(() => undefined)]),
        ]);
      } finally {
        drainTimer.abort();
        clearInterval(sweep);
      }
      const cut = await openConnections(deps.server);
      deps.server.closeAllConnections();
      await deps.writer.whenIdle();
      await deps.closeDatabase();
      deps.log.info({ streamsClosed: streams, deliveries, experimentsStopped, connectionsCut: cut, ms: Date.now() - started }, "drained");
    },
  };
}

function openConnections(server: Server): Promise<number> {
  return new Promise((resolve) => server.getConnections((err, n) => resolve(err ? 0 : n)));
}

// One signal often arrives twice: Ctrl-C reaches every process of the terminal's process group,
// and systemd signals the whole cgroup, so npm and the server both get it and npm forwards its copy
// (seen here: a script run by `npm start` got SIGINT twice in the same millisecond). Copies that
// close together are one request to stop, not an impatient second one.
const SAME_SIGNAL_MS = 1000;

/**
 * SIGTERM and SIGINT: the first starts `shutdown` and exits 0 when it is done, or 1 if the grace
 * period runs out first; a second signal (a second or more later) exits at once, with 128 + its
 * number as a shell would report it.
 */
export function onShutdownSignals(
  shutdown: (deadline: number) => Promise<void>,
  opts: { graceMs: number; log: Logger; exit?: (code: number) => void; emitter?: EventEmitter; sameSignalMs?: number },
) {
  const { graceMs, log } = opts;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const sameSignalMs = opts.sameSignalMs ?? SAME_SIGNAL_MS;
  let startedAt: number | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (startedAt !== null) {
      if (Date.now() - startedAt < sameSignalMs) return log.debug({ signal }, "signal repeated within a second: already shutting down");
      log.warn({ signal }, "second signal: exiting now");
      return exit(128 + (os.constants.signals[signal] ?? 0));
    }
    startedAt = Date.now();
    log.info({ signal, graceMs }, "shutting down");
    const timer = setTimeout(() => {
      log.error({ graceMs }, "grace period over before shutdown finished: exiting");
      exit(1);
    }, graceMs);
    shutdown(Date.now() + graceMs).then(
      () => {
        clearTimeout(timer);
        log.info("shut down cleanly");
        exit(0);
      },
      (err: unknown) => {
        clearTimeout(timer);
        log.error({ err }, "shutdown failed");
        exit(1);
      },
    );
  };
  const emitter = opts.emitter ?? process;
  for (const signal of ["SIGTERM", "SIGINT"] as const) emitter.on(signal, () => onSignal(signal));
}
