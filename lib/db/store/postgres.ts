import type { PrismaClient } from "@/lib/db/client";
import { numberPlaceholders } from "@/lib/db/placeholders";
import { addRejection, pruneOldest } from "./capture-statements";
import { commitCaptures } from "./commit-captures";
import { claimStatement, sortClaimed, type Claimed } from "./deliveries";
import { postgresSearchWhere } from "./search/postgres";
import { POSTGRES, type Store } from "./types";

/** PostgreSQL's statements (several app instances on one database). */
export function postgresStore(prisma: PrismaClient): Store {
  return {
    kind: "postgres",
    commitCaptures: (rows) => commitCaptures(prisma, POSTGRES, rows),
    pruneOldest: async (endpointId, keep) => {
      const q = pruneOldest(POSTGRES, endpointId, keep);
      await prisma.$executeRawUnsafe(q.sql, ...q.args);
    },
    claimDeliveries: async ({ now, leaseUntil, owner, limit }) => {
      const q = claimStatement(POSTGRES, { now: now, leaseUntil: leaseUntil, owner, limit });
      return sortClaimed(await prisma.$queryRawUnsafe<Claimed[]>(q.sql, ...q.params));
    },
    searchWhere: postgresSearchWhere,
    query: (f) => prisma.$queryRawUnsafe(numberPlaceholders(f.sql), ...f.params),
    addRejections: async (tallies) => {
      await prisma.$transaction(tallies.map((t) => addRejection(POSTGRES, t, t.lastAt)).map((q) => prisma.$executeRawUnsafe(q.sql, ...q.args)));
    },
  };
}
