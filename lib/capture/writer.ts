import { retryOnStorageFailure, storageFailure } from "@/lib/db/errors";
import type { CaptureRow, CommittedRow, Store } from "@/lib/db/store";
import { log } from "@/lib/log/logger";

export type { CaptureRow, CommittedRow } from "@/lib/db/store";

/** The row's endpoint was deleted while the request was being read: there is nothing to store it in. */
export class EndpointGoneError extends Error {}

type CommitResult = { committed: CommittedRow[]; gone: Set<string> };
type Pending = { row: CaptureRow; resolve: (r: CommittedRow) => void; reject: (e: unknown) => void; since: number };
/** Told about every commit: how many rows it wrote and how long it took (retries included). */
export type CommitObserver = (rows: number, seconds: number) => void;

/**
 * Group commit: requests that arrive while a transaction is running wait and are written together
 * in the next one, so throughput is not bound by one fsync per request and a caller's promise
 * resolves only once its row is committed. The commit itself (sequence numbers allocated in the
 * database, multi-row inserts on the driver adapter) is the store's (lib/db/store): the same for
 * one instance on SQLite and several on PostgreSQL.
 */
export class CaptureWriter {
  private queue: Pending[] = [];
  private committing: Pending[] = [];
  private flushing = false;
  private idleWaiters: (() => void)[] = [];
  private failure: { at: number; error: unknown } | null = null;
  private observer: CommitObserver = () => {};
  private listeners = new Set<(rows: CommittedRow[]) => void>();

  // SQLite binds at most 32,766 values per statement, PostgreSQL 65,535: 16 columns x 500 rows fits both.
  constructor(private store: Store, private maxBatch = 500) {}

  write(row: CaptureRow): Promise<CommittedRow> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject, since: performance.now() });
      if (!this.flushing) {
        this.flushing = true;
        // Let the requests already parsed in this turn of the event loop join the first batch.
        setImmediate(() => void this.flush());
      }
    });
  }

  /** Called with each committed batch, after commit (for live views and forwarding). */
  onCommit(listener: (rows: CommittedRow[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  observeCommits(observer: CommitObserver) {
    this.observer = observer;
  }

  /** How long the oldest write not yet committed has been waiting, in ms (0 when none is). */
  oldestPendingMs(now = performance.now()): number {
    const oldest = this.committing[0] ?? this.queue[0];
    return oldest ? now - oldest.since : 0;
  }

  /** The latest commit's storage failure (locked, disk full; Date.now() time); null once one succeeds. */
  lastFailure(): { at: number; error: unknown } | null {
    return this.failure;
  }

  /** Resolves once every write handed in so far is committed or failed (for shutdown). */
  whenIdle(): Promise<void> {
    return this.flushing ? new Promise((resolve) => this.idleWaiters.push(resolve)) : Promise.resolve();
  }

  private async flush(): Promise<void> {
    while (this.queue.length) {
      const batch = (this.committing = this.queue.splice(0, this.maxBatch));
      try {
        this.settle(batch, await this.timed(batch.length, () => this.commitRetryingBusy(batch.map((p) => p.row))));
      } catch (err) {
        // A locked database or a full disk fails every row alike: answer them all now (503).
        if (batch.length === 1 || storageFailure(err)) this.fail(batch, err);
        // One bad row (say, its endpoint was deleted a moment ago) must not fail its neighbours.
        else for (const p of batch) await this.timed(1, () => this.commit([p.row])).then((c) => this.settle([p], c), (e) => this.fail([p], e));
      }
    }
    this.committing = [];
    this.flushing = false;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async timed(rows: number, commit: () => Promise<CommitResult>): Promise<CommitResult> {
    const started = performance.now();
    const committed = await commit();
    this.observer(rows, (performance.now() - started) / 1000);
    return committed;
  }

  private fail(batch: Pending[], error: unknown) {
    // Remembered for /readyz when storage itself failed, not one bad row.
    if (storageFailure(error)) this.failure = { at: Date.now(), error };
    for (const p of batch) p.reject(error);
  }

  private settle(batch: Pending[], { committed, gone }: CommitResult) {
    this.failure = null;
    const byId = new Map(committed.map((r) => [r.id, r]));
    for (const p of batch) {
      const row = byId.get(p.row.id);
      // An endpoint deleted while its requests were being read: nothing to store them in.
      if (row) p.resolve(row);
      else p.reject(new EndpointGoneError(`endpoint ${p.row.endpointId} no longer exists${gone.has(p.row.endpointId) ? "" : " (not committed)"}`));
    }
    if (!committed.length) return;
    for (const listener of this.listeners) {
      try {
        listener(committed);
      } catch (err) {
        log().error({ err }, "capture listener failed");
      }
    }
  }

  /**
   * Another process holding the database lock (a backup, an admin's sqlite3 shell) makes a commit
   * fail at once (the driver waits only BUSY_TIMEOUT_MS on this thread): try again a few times
   * without blocking the event loop (10 + 20 + ... + 320 ms), then give up so the senders get 503
   * + Retry-After promptly: a lock held for more than ~0.6 s is answered with 503.
   */
  private commitRetryingBusy(rows: CaptureRow[]): Promise<CommitResult> {
    return retryOnStorageFailure(() => this.commit(rows), { kinds: ["busy"], firstWaitMs: 10, maxWaitMs: 320 });
  }

  private async commit(rows: CaptureRow[]): Promise<CommitResult> {
    const result = await this.store.commitCaptures(rows);
    await this.pruneAfter(result.committed);
    return result;
  }

  /**
   * Housekeeping after the commit: a crash or a failure in between leaves a few extra rows for the
   * next batch to prune, never a lost one, and never fails rows that are already committed.
   */
  private async pruneAfter(committed: CommittedRow[]) {
    const newest = new Map<string, CommittedRow>();
    for (const r of committed) newest.set(r.endpointId, r);
    for (const r of newest.values()) {
      if (r.seq <= r.maxRequests) continue;
      await this.store.pruneOldest(r.endpointId, r.maxRequests).catch((err) => log().error({ err, endpointId: r.endpointId }, "pruning old requests failed; the next commit retries"));
    }
  }
}
