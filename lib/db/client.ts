import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { ArgType, SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "./generated/client";
import { PrismaClient as PostgresPrismaClient } from "./generated-postgres/client";
import { databaseKind } from "./kind";
import { numberPlaceholders } from "./placeholders";
import { cacheStatements } from "./statement-cache";
import type { Database } from "better-sqlite3";

/**
 * The one Prisma client of the process. It lives on globalThis because Next bundles route handlers
 * separately from server.ts: a module-level singleton would exist twice and open two connections.
 *
 * Two generated clients, one per database kind (prisma/schema.prisma and the PostgreSQL copy made
 * from it), with the same models: the kind is chosen at start from DATABASE_URL, so one install
 * and one build serve both. The SQLite client's type stands for both.
 */
const KEY = Symbol.for("webhook-inbox.prisma");
type GlobalWithPrisma = typeof globalThis & { [KEY]?: PrismaClient };

/**
 * A Prisma adapter factory that remembers the connection it opened for the client, so the capture
 * writer can run its batch statements on that same driver adapter (see `driverAdapter`): for
 * SQLite the same connection and transaction lock, for PostgreSQL the same pool.
 */
class RememberedConnection implements SqlDriverAdapterFactory {
  readonly provider: "sqlite" | "postgres";
  readonly adapterName: string;
  opened?: Promise<SqlDriverAdapter>;

  constructor(private inner: SqlDriverAdapterFactory) {
    this.provider = inner.provider as "sqlite" | "postgres";
    this.adapterName = inner.adapterName;
  }

  connect(): Promise<SqlDriverAdapter> {
    // Prisma calls this on each (re)connect: the newest connection is the live one.
    this.opened = this.inner.connect().then((adapter) => {
      // The adapter's better-sqlite3 connection is its public `client` field, left out of its types.
      if (this.provider === "sqlite") cacheStatements((adapter as unknown as { client: Database }).client);
      return adapter;
    });
    return this.opened;
  }
}

/** PostgreSQL pool settings (README "Running several instances"). */
export type PostgresOptions = { poolMax: number; statementTimeoutMs: number; connectTimeoutMs: number };
const POSTGRES_DEFAULTS: PostgresOptions = { poolMax: 10, statementTimeoutMs: 30_000, connectTimeoutMs: 5_000 };

function adapterFor(url: string, pg: PostgresOptions): SqlDriverAdapterFactory {
  if (databaseKind(url) === "postgres") {
    return new PrismaPg({
      connectionString: url,
      max: pg.poolMax,
      connectionTimeoutMillis: pg.connectTimeoutMs,
      statement_timeout: pg.statementTimeoutMs,
      // Timestamps are timestamptz; the session's zone must not shift how Prisma's values are read.
      options: "-c timezone=UTC",
    });
  }
  // better-sqlite3 waits for a lock held by another process by sleeping on this thread, i.e.
  // blocking the event loop for every request (measured: 5 s per call with the driver's default).
  // Waiting only a few ms here and retrying asynchronously (capture writer) or answering 503
  // (lib/http/errors.ts) keeps the server responsive while, say, a backup holds the lock.
  return new PrismaBetterSqlite3({ url, timeout: BUSY_TIMEOUT_MS });
}

export const BUSY_TIMEOUT_MS = 5;

// On globalThis like the client itself: Next's bundle (readSession in route handlers) asks for the
// adapter of the client server.ts created.
const CONNECTIONS = Symbol.for("webhook-inbox.prisma-connections");
const g = globalThis as typeof globalThis & { [CONNECTIONS]?: WeakMap<PrismaClient, RememberedConnection> };
const connections = (g[CONNECTIONS] ??= new WeakMap());

export function createPrismaClient(databaseUrl: string, pg: PostgresOptions = POSTGRES_DEFAULTS): PrismaClient {
  const factory = new RememberedConnection(adapterFor(databaseUrl, pg));
  const prisma = databaseKind(databaseUrl) === "postgres"
    ? (new PostgresPrismaClient({ adapter: factory }) as unknown as PrismaClient)
    : new PrismaClient({ adapter: factory });
  connections.set(prisma, factory);
  return prisma;
}

export function getPrisma(): PrismaClient {
  const g = globalThis as GlobalWithPrisma;
  g[KEY] ??= createPrismaClient(process.env.DATABASE_URL ?? "file:./data/inbox.db", postgresOptionsFromEnv());
  return g[KEY];
}

/** The pool settings as server start-up validated them into the environment (lib/config/env.ts). */
function postgresOptionsFromEnv(): PostgresOptions {
  const n = (name: string, fallback: number) => Number(process.env[name] ?? "") || fallback;
  return {
    poolMax: n("DATABASE_POOL_MAX", POSTGRES_DEFAULTS.poolMax),
    statementTimeoutMs: n("DATABASE_STATEMENT_TIMEOUT_MS", POSTGRES_DEFAULTS.statementTimeoutMs),
    connectTimeoutMs: n("DATABASE_CONNECT_TIMEOUT_MS", POSTGRES_DEFAULTS.connectTimeoutMs),
  };
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
  const text = connections.get(prisma)?.provider === "postgres" ? numberPlaceholders(sql) : sql;
  const { rows } = await adapter.queryRaw({ sql: text, args, argTypes: args.map(() => TEXT) });
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
  await inTransaction(adapter, async (tx) => {
    for (const query of queries) await tx.executeRaw(query);
  });
}

/** Like executeInTransaction, for statements that depend on earlier ones' results (`tx.queryRaw`). */
export async function inTransaction<T>(adapter: SqlDriverAdapter, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const tx = await adapter.startTransaction();
  let result: T;
  try {
    result = await work(tx);
    await tx.executeRaw(COMMIT);
  } catch (err) {
    await tx.executeRaw(ROLLBACK).catch(() => undefined); // nothing left to undo if COMMIT itself failed
    await tx.rollback();
    throw err;
  }
  await tx.commit();
  return result;
}

/**
 * Per-connection SQLite settings (the adapter opens one connection per client, so these hold for
 * every query the app makes). WAL itself is set on the file by the migrator.
 */
export async function configureConnection(prisma: PrismaClient, synchronous: "normal" | "full") {
  if (connections.get(prisma)?.provider !== "sqlite") return; // PostgreSQL: set per pool connection above
  await prisma.$executeRawUnsafe(`PRAGMA synchronous = ${synchronous === "full" ? "FULL" : "NORMAL"}`);
  await prisma.$executeRawUnsafe(`PRAGMA foreign_keys = ON`);
}

export type { PrismaClient };
