import { Worker } from "node:worker_threads";
import type { CaptureRow, CaptureSink, CommittedRow } from "./writer";

export type ToWorker = { rows: CaptureRow[] };
export type FromWorker = { ready: true } | { committed: [id: string, seq: number][] } | { failed: [id: string, message: string] };
export type WriterThreadConfig = { databaseUrl: string; synchronous: "normal" | "full" };

type Pending = { row: CaptureRow; resolve: (r: CommittedRow) => void; reject: (e: Error) => void };

/**
 * Main-thread face of the capture writer running in lib/capture/writer-thread.ts: same contract
 * as CaptureWriter (a write resolves only after its row is committed), with the commit work on
 * another core. Rows written in one turn of the event loop travel in one message.
 */
export class ThreadedCaptureWriter implements CaptureSink {
  private pending = new Map<string, Pending>();
  private outbox: CaptureRow[] = [];
  private listeners = new Set<(rows: CommittedRow[]) => void>();
  private ready: Promise<void>;

  constructor(private worker: Worker) {
    this.ready = new Promise((resolve, reject) => {
      worker.once("error", reject);
      worker.on("message", (msg: FromWorker) => {
        if ("ready" in msg) resolve();
        else if ("committed" in msg) this.committed(msg.committed);
        else this.failed(...msg.failed);
      });
    });
    // A dead writer must not leave requests hanging: fail them (the senders get a 500).
    worker.on("exit", (code) => {
      for (const [id] of this.pending) this.failed(id, `capture writer exited with code ${code}`);
    });
  }

  static start(config: WriterThreadConfig): ThreadedCaptureWriter {
    const worker = new Worker(new URL("./writer-thread-entry.mjs", import.meta.url), { workerData: config });
    worker.unref();
    return new ThreadedCaptureWriter(worker);
  }

  /** Resolves once the worker has its database connection. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  write(row: CaptureRow): Promise<CommittedRow> {
    return new Promise((resolve, reject) => {
      this.pending.set(row.id, { row, resolve, reject });
      if (this.outbox.push(row) === 1) setImmediate(() => this.worker.postMessage({ rows: this.outbox.splice(0) } satisfies ToWorker));
    });
  }

  onCommit(listener: (rows: CommittedRow[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private committed(list: [string, number][]) {
    const rows: CommittedRow[] = [];
    for (const [id, seq] of list) {
      const p = this.pending.get(id);
      if (!p) continue;
      this.pending.delete(id);
      const row = { ...p.row, seq };
      rows.push(row);
      p.resolve(row);
    }
    for (const listener of this.listeners) {
      try {
        listener(rows);
      } catch (err) {
        console.error("capture listener failed", err);
      }
    }
  }

  private failed(id: string, message: string) {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.reject(new Error(message));
  }
}
