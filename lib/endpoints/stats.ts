import { getPrisma } from "@/lib/db/client";
import { store } from "@/lib/db/store";
import { getEndpoint } from "./queries";

/** Hourly buckets in the sidebar's sparkline (the last is the current hour). */
export const ACTIVITY_HOURS = 24;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Delivery states that say something about a rule's health (succeeded/cancelled do not). */
const OPEN_STATES = ["pending", "delivering", "retrying", "held", "failed"] as const;

export type ForwardingHealth = "none" | "ok" | "busy" | "failing" | "paused";

export type ForwardingCounts = {
  rules: number; active: number; paused: number;
  pending: number; retrying: number; held: number; failed: number;
};

/**
 * One word for the sidebar's dot, worst first: a paused rule forwards nothing until someone acts;
 * deliveries that failed for good in the last day are lost unless retried; retries or held
 * deliveries are still in motion; otherwise everything that matched went through.
 */
export function forwardingHealth(c: ForwardingCounts): ForwardingHealth {
  if (c.rules === 0 || (c.active === 0 && c.paused === 0)) return "none";
  if (c.paused > 0) return "paused";
  if (c.failed > 0) return "failing";
  if (c.retrying > 0 || c.held > 0) return "busy";
  return "ok";
}

/** Hour-bucket rows -> a fixed series of ACTIVITY_HOURS counts ending with the current hour. */
export function activitySeries(rows: { hour: number; requests: number }[], now: Date): number[] {
  const current = Math.floor(now.getTime() / HOUR_MS);
  const series = new Array<number>(ACTIVITY_HOURS).fill(0);
  for (const r of rows) {
    const i = ACTIVITY_HOURS - 1 - (current - r.hour);
    if (i >= 0 && i < ACTIVITY_HOURS) series[i] += r.requests;
  }
  return series;
}

type Rejection = { reason: string; count: number; lastAt: string; lastDetail: string | null };

export type EndpointStats = {
  requests: number;
  lastRequestAt: string | null;
  activity: number[];
  forwarding: ForwardingCounts & { health: ForwardingHealth };
  rejected: { total: number; reasons: Rejection[] };
};

const emptyCounts = (): ForwardingCounts => ({ rules: 0, active: 0, paused: 0, pending: 0, retrying: 0, held: 0, failed: 0 });

/**
 * The sidebar's figures for every endpoint of a user, in five indexed queries whatever the number
 * of stored requests: counts come from the (endpointId, seq) index, the sparkline from the hourly
 * EndpointActivity rows the capture writer keeps, never from scanning requests by time.
 */
export async function endpointStats(userId: string, { prisma = getPrisma(), db = store(), now = new Date() } = {}): Promise<Record<string, EndpointStats>> {
  const owned = { endpoint: { userId } };
  const sinceHour = Math.floor(now.getTime() / HOUR_MS) - ACTIVITY_HOURS + 1;
  const [totals, activity, rules, deliveries, rejections] = await Promise.all([
    // Portable SQL (both kinds), run through the store so its placeholder is numbered for PostgreSQL.
    db.query<{ id: string; requests: number | bigint | string; lastAt: string | Date | null }>({
      sql: `SELECT e."id", (SELECT COUNT(*) FROM "CapturedRequest" r WHERE r."endpointId" = e."id") AS "requests",
        (SELECT r."receivedAt" FROM "CapturedRequest" r WHERE r."endpointId" = e."id" ORDER BY r."seq" DESC LIMIT 1) AS "lastAt"
       FROM "Endpoint" e WHERE e."userId" = ?`,
      params: [userId],
    }),
    prisma.endpointActivity.findMany({ where: { ...owned, hour: { gte: sinceHour } } }),
    prisma.forwardRule.findMany({ where: owned, select: { id: true, endpointId: true, enabled: true, pausedAt: true } }),
    prisma.delivery.groupBy({
      by: ["ruleId", "state"],
      // Failures count for a day: an old failure nobody retried should not keep the dot red forever.
      where: { rule: owned, OR: [{ state: { in: OPEN_STATES.filter((s) => s !== "failed") } }, { state: "failed", updatedAt: { gte: new Date(now.getTime() - DAY_MS) } }] },
      _count: { _all: true },
    }),
    prisma.endpointRejection.findMany({ where: owned, orderBy: { lastAt: "desc" } }),
  ]);

  const out: Record<string, EndpointStats> = {};
  for (const t of totals) {
    out[t.id] = {
      requests: Number(t.requests),
      lastRequestAt: t.lastAt ? new Date(t.lastAt).toISOString() : null,
      activity: activitySeries(activity.filter((a) => a.endpointId === t.id), now),
      forwarding: { ...emptyCounts(), health: "none" },
      rejected: { total: 0, reasons: [] },
    };
  }
  const ruleEndpoint = new Map(rules.map((r) => [r.id, r.endpointId]));
  for (const r of rules) {
    const f = out[r.endpointId]?.forwarding;
    if (!f) continue;
    f.rules++;
    if (r.pausedAt) f.paused++;
    else if (r.enabled) f.active++;
  }
  for (const d of deliveries) {
    const f = out[(d.ruleId && ruleEndpoint.get(d.ruleId)) || ""]?.forwarding;
    if (!f) continue;
    const key = d.state === "delivering" ? "pending" : (d.state as "pending" | "retrying" | "held" | "failed");
    f[key] += d._count._all;
  }
  for (const s of Object.values(out)) s.forwarding.health = forwardingHealth(s.forwarding);
  for (const r of rejections) {
    const rej = out[r.endpointId]?.rejected;
    if (!rej) continue;
    rej.total += r.count;
    rej.reasons.push({ reason: r.reason, count: r.count, lastAt: r.lastAt.toISOString(), lastDetail: r.lastDetail });
  }
  return out;
}

/** Forgets an endpoint's refusal counts (the user has seen them). Scoped by owner. */
export async function clearRejections(userId: string, endpointId: string): Promise<void> {
  await getEndpoint(userId, endpointId);
  await getPrisma().endpointRejection.deleteMany({ where: { endpointId, endpoint: { userId } } });
}
