import type { PrismaClient } from "@/lib/db/client";
import { addRejection, pruneOldest } from "./capture-statements";
import { commitCaptures } from "./commit-captures";
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
    searchWhere: postgresSearchWhere,
    query: (f) => prisma.$queryRawUnsafe(numbered(f.sql), ...f.params),
    addRejections: async (tallies) => {
      await prisma.$transaction(tallies.map((t) => addRejection(POSTGRES, t, t.lastAt)).map((q) => prisma.$executeRawUnsafe(q.sql, ...q.args)));
    },
  };
}

/** `?` placeholders as PostgreSQL's `$1, $2, ...` (the shared statements never hold a literal "?"). */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
