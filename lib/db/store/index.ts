import { getPrisma, type PrismaClient } from "@/lib/db/client";
import { databaseKind } from "@/lib/db/kind";
import { postgresStore } from "./postgres";
import { sqliteStore } from "./sqlite";
import type { Store } from "./types";

export type { CaptureRow, CommittedRow, Store } from "./types";

/** The store for a client's database kind. */
function createStore(prisma: PrismaClient, url: string): Store {
  return databaseKind(url) === "postgres" ? postgresStore(prisma) : sqliteStore(prisma);
}

// One per process (globalThis: Next's bundles and server.ts share it, like the Prisma client).
const KEY = Symbol.for("webhook-inbox.store");
export function store(): Store {
  const g = globalThis as typeof globalThis & { [KEY]?: Store };
  g[KEY] ??= createStore(getPrisma(), process.env.DATABASE_URL ?? "file:./data/inbox.db");
  return g[KEY];
}
