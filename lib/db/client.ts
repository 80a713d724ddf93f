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

export type { PrismaClient };
