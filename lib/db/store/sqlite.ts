import type { PrismaClient } from "@/lib/db/client";
import { sqliteDateTime } from "@/lib/db/datetime";
import { addRejection, pruneOldest } from "./capture-statements";
import { commitCaptures } from "./commit-captures";
import { claimStatement, sortClaimed, type Claimed } from "./deliveries";
import { sqliteSearchWhere } from "./search/sqlite";
import { SQLITE, type Store } from "./types";

/** The embedded default's statements (SQLite through better-sqlite3's driver adapter). */
export function sqliteStore(prisma: PrismaClient): Store {
  return {
    kind: "sqlite",
    commitCaptures: (rows) => commitCaptures(prisma, SQLITE, rows),
    pruneOldest: async (endpointId, keep) => {
      const q = pruneOldest(SQLITE, endpointId, keep);
      await prisma.$executeRawUnsafe(q.sql, ...q.args);
    },
    claimDeliveries: async ({ now, leaseUntil, owner, limit }) => {
      const q = claimStatement(SQLITE, { now: sqliteDateTime(now), leaseUntil: sqliteDateTime(leaseUntil), owner, limit });
      return sortClaimed(await prisma.$queryRawUnsafe<Claimed[]>(q.sql, ...q.params));
    },
    searchWhere: sqliteSearchWhere,
    query: (f) => prisma.$queryRawUnsafe(f.sql, ...f.params),
    addRejections: async (tallies) => {
      await prisma.$transaction(tallies.map((t) => addRejection(SQLITE, t, sqliteDateTime(t.lastAt))).map((q) => prisma.$executeRawUnsafe(q.sql, ...q.args)));
    },
  };
}
