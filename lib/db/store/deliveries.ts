import type { Dialect } from "./types";

/**
 * Claiming due deliveries, the delivery queue's one contended statement. A row moves to
 * "delivering" with this worker's lease in the same statement that picks it, so no two workers
 * ever send the same delivery: on PostgreSQL the candidates are locked with FOR UPDATE SKIP LOCKED
 * (several instances claim side by side without waiting on each other); SQLite has one writer.
 * Due means pending or retrying with nextAttemptAt passed, or delivering with an expired lease (its
 * worker died mid-attempt). An instance that starts never touches live leases.
 *
 * Oldest first: by due time, then arrival (createdAt is the capture time; ids are UUIDv7, time-
 * ordered), so deliveries released together (a resumed rule's held ones) start in the order they
 * came in. RETURNING does not keep the subquery's order, so the caller sorts by the same keys.
 */
export function claimStatement(d: Dialect, args: { now: unknown; leaseUntil: unknown; owner: string; limit: number }) {
  const [p, t] = d.kind === "postgres" ? [(n: number) => `$${n}`, "true"] : [() => "?", "1"];
  return {
    sql: `UPDATE "Delivery" SET "state" = 'delivering', "leaseOwner" = ${p(1)}, "leaseUntil" = ${p(2)}, "updatedAt" = ${p(3)}
  WHERE "id" IN (
    SELECT d."id" FROM "Delivery" d LEFT JOIN "ForwardRule" r ON r."id" = d."ruleId"
    WHERE ((d."state" IN ('pending', 'retrying') AND d."nextAttemptAt" <= ${p(4)}) OR (d."state" = 'delivering' AND d."leaseUntil" < ${p(5)}))
      AND (d."ruleId" IS NULL OR (r."pausedAt" IS NULL AND r."enabled" = ${t}))
    ORDER BY d."nextAttemptAt", d."createdAt", d."id" LIMIT ${p(6)}${d.kind === "postgres" ? " FOR UPDATE OF d SKIP LOCKED" : ""})
  RETURNING "id", "nextAttemptAt" AS "due", "createdAt"`,
    params: [args.owner, args.leaseUntil, args.now, args.now, args.now, args.limit],
  };
}

export type Claimed = { id: string; due: string | Date; createdAt: string | Date };
const key = (v: string | Date) => (typeof v === "string" ? Date.parse(v) : v.getTime());

/** The claimed ids in the order they were picked (RETURNING's order is the table's, not the query's). */
export function sortClaimed(rows: Claimed[]): string[] {
  return rows
    .sort((a, b) => key(a.due) - key(b.due) || key(a.createdAt) - key(b.createdAt) || (a.id < b.id ? -1 : 1))
    .map((r) => r.id);
}
