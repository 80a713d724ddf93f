import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/client";

/**
 * The one Prisma client of the process. It lives on globalThis because Next bundles route handlers
 * separately from server.ts: a module-level singleton would exist twice and open two connections.
 */
const KEY = Symbol.for("webhook-inbox.prisma");
type GlobalWithPrisma = typeof globalThis & { [KEY]?: PrismaClient };

export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: databaseUrl }) });
}

export function getPrisma(): PrismaClient {
  const g = globalThis as GlobalWithPrisma;
  g[KEY] ??= createPrismaClient(process.env.DATABASE_URL ?? "file:./data/inbox.db");
  return g[KEY];
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
