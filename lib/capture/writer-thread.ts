/**
 * Worker-thread entry for the capture writer. SQLite commits through better-sqlite3 are
 * synchronous: on the main thread they stop HTTP parsing for the length of every commit, so
 * requests were parsed, committed and answered strictly in turn. Here the commit runs on the other
 * core while the main thread keeps reading requests. This thread owns the one extra database
 * connection in the process, and only ever inserts (and prunes) captured requests and their
 * outbox rows.
 */
import { parentPort, workerData } from "node:worker_threads";
import { configureConnection, createPrismaClient } from "@/lib/db/client";
import type { FromWorker, ToWorker, WriterThreadConfig } from "./threaded-writer";
import { CaptureWriter } from "./writer";

const config = workerData as WriterThreadConfig;
const prisma = createPrismaClient(config.databaseUrl);
await configureConnection(prisma, config.synchronous);
const port = parentPort!;
const writer = new CaptureWriter(prisma);

writer.onCommit((rows) => port.postMessage({ committed: rows.map((r) => [r.id, r.seq]) } satisfies FromWorker));

port.on("message", (msg: ToWorker) => {
  for (const row of msg.rows) {
    // Structured clone turns Buffers into plain Uint8Arrays; Prisma wants Buffers for Bytes.
    writer.write({ ...row, body: Buffer.from(row.body.buffer, row.body.byteOffset, row.body.byteLength) }).catch((err: unknown) =>
      port.postMessage({ failed: [row.id, err instanceof Error ? err.message : String(err)] } satisfies FromWorker),
    );
  }
});
port.postMessage({ ready: true } satisfies FromWorker);
