import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { ArgType, SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "./generated/client";

/**
 * The one Prisma client of the process. It lives on globalThis because Next bundles route handlers
 * separately from server.ts: a module-level singleton would exist twice and open two connections.
 */
const KEY = Symbol.for("webhook-inbox.prisma");
type GlobalWithPrisma = typeof globalThis & { [KEY]?: PrismaClient };

/**
 * Prisma's better-sqlite3 adapter factory, remembering the connection it opened for the client so
 * the capture writer can run its batch inserts on that same driver adapter (see `driverAdapter`).
 */
class RememberedConnection implements SqlDriverAdapterFactory {
  readonly provider = "sqlite" as const;
  readonly adapterName: string;
  private inner: PrismaBetterSqlite3;
  opened?: Promise<SqlDriverAdapter>;

  constructor(url: string) {
    // better-sqlite3 waits for a lock held by another process by sleeping on this thread, i.e.
    // blocking the event loop for every request (measured: 5 s per call with the driver's default).
    // Waiting only a few ms here and retrying asynchronously (capture writer) or answering 503
    // (lib/http/errors.ts) keeps the server responsive while, say, a backup holds the lock.
    this.inner = new PrismaBetterSqlite3({ url, timeout: BUSY_TIMEOUT_MS });
    this.adapterName = this.inner.adapterName;
  }

  connect(): Promise<SqlDriverAdapter> {
    // Prisma calls this on each (re)connect: the newest connection is the live one.
    this.opened = this.inner.connect();
    return this.opened;
  }
}

export const BUSY_TIMEOUT_MS = 5;

// On globalThis like the client itself: Next's bundle (readSession in route handlers) asks for the
// adapter of the client server.ts created.
const CONNECTIONS = Symbol.for("webhook-inbox.prisma-connections");
const g = globalThis as typeof globalThis & { [CONNECTIONS]?: WeakMap<PrismaClient, RememberedConnection> };
const connections = (g[CONNECTIONS] ??= new WeakMap());

export function createPrismaClient(databaseUrl: string): PrismaClient {
  const factory = new RememberedConnection(databaseUrl);
  const prisma = new PrismaClient({ adapter: factory });
  connections.set(prisma, factory);
  return prisma;
}

export function getPrisma(): PrismaClient {
  const g = globalThis as GlobalWithPrisma;
  g[KEY] ??= createPrismaClient(process.env.DATABASE_URL ?? "file:./data/inbox.db");
  return g[KEY];
}

/**
 * The Prisma driver adapter this client runs its queries on: the same SQLite connection, and the
 * same transaction lock (`startTransaction`) as the client's own `$transaction`s.
 *
 * The capture writer's inserts run on it: Prisma Client's raw-query path serialises every
 * parameter to JSON (bytes as base64), parses it back and deep-copies it before handing it to
 * this adapter: measured on a 32-row insert, ~40 µs per row through `$executeRawUnsafe` against
 * ~15 µs through the adapter, which was most of the gap to the capture-throughput target. So do
 * the look-ups made for every signed-in call and live stream (`selectRows`).
 */
export async function driverAdapter(prisma: PrismaClient): Promise<SqlDriverAdapter> {
  const factory = connections.get(prisma);
  if (!factory) throw new Error("driverAdapter: this Prisma client was not made by createPrismaClient");
  if (!factory.opened) await prisma.$connect();
  return factory.opened!;
}

const TEXT: ArgType = { scalarType: "string", arity: "scalar" };

/**
 * The rows of one read statement with text parameters, run on the driver adapter. For the few
 * look-ups made on every signed-in call or live stream (the session, the endpoint's owner): each
 * costs ~90-240 µs of CPU through Prisma Client here (a relation read is two statements) and
 * ~20 µs as one statement on the adapter. Everything else reads through Prisma Client.
 */
export async function selectRows(prisma: PrismaClient, sql: string, args: string[]): Promise<unknown[][]> {
  const adapter = await driverAdapter(prisma);
  const { rows } = await adapter.queryRaw({ sql, args, argTypes: args.map(() => TEXT) });
  return rows;
}

const COMMIT: SqlQuery = { sql: "COMMIT", args: [], argTypes: [] };
const ROLLBACK: SqlQuery = { sql: "ROLLBACK", args: [], argTypes: [] };

/**
 * Runs the statements as one transaction on the driver adapter, holding the adapter's transaction
 * lock throughout so it never interleaves with a Prisma `$transaction`. Ends it the way Prisma
 * Client does with this adapter: COMMIT (or ROLLBACK) as a statement, then release the lock.
 */
export async function executeInTransaction(adapter: SqlDriverAdapter, queries: SqlQuery[]): Promise<void> {
  const tx = await adapter.startTransaction();
  try {
    for (const query of queries) await tx.executeRaw(query);
    await tx.executeRaw(COMMIT);
  } catch (err) {
    await tx.executeRaw(ROLLBACK).catch(() => undefined); // nothing left to undo if COMMIT itself failed
    await tx.rollback();
    throw err;
  }
  await tx.commit();
}

/**
 * Per-connection SQLite settings (the adapter opens one connection per client, so these hold for
 * every query the app makes). WAL itself is set on the file by the migrator.
 */
export async function configureConnection(prisma: PrismaClient, synchronous: "normal" | "full") {
  await prisma.$executeRawUnsafe(`PRAGMA synchronous = ${synchronous === "full" ? "FULL" : "NORMAL"}`);
  await prisma.$executeRawUnsafe(`PRAGMA foreign_keys = ON`);
}

export type { PrismaClient };
