import type { PrismaClient } from "@/lib/db/client";
import { log } from "@/lib/log/logger";

/**
 * Every pull-API call counted per token and endpoint: answers by kind, long-polls, bytes sent.
 * Counted in memory and added to ApiUsage every few seconds in one transaction (a write per poll
 * would cost more than the poll), with the tokens' lastUsedAt. At most FLUSH_MS of counts are lost
 * if the process dies.
 */
export type Call = { tokenId: string; endpointId: string | null; status: number; longPoll: boolean; bytes: number };
type Counts = { ok: number; notModified: number; longPolls: number; limited: number; bytes: number };

const FLUSH_MS = 2000;

export class UsageCounter {
  private pending = new Map<string, Counts & { tokenId: string; endpointId: string }>();
  private lastUsed = new Map<string, Date>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private prisma: PrismaClient) {}

  start() {
    this.timer ??= setInterval(() => void this.flush().catch((err) => log().error({ err }, "API usage flush failed; retrying")), FLUSH_MS);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  count(call: Call) {
    const c = this.bucket(call.tokenId, call.endpointId ?? "");
    if (call.status === 304) c.notModified++;
    else if (call.status === 429) c.limited++;
    else if (call.status < 400) c.ok++;
    if (call.longPoll) c.longPolls++;
    c.bytes += call.bytes;
    this.lastUsed.set(call.tokenId, new Date());
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    const lastUsed = [...this.lastUsed];
    this.pending.clear();
    this.lastUsed.clear();
    const now = new Date();
    const p = this.prisma;
    try {
      await p.$transaction([
        ...batch.map(({ tokenId, endpointId, ...n }) =>
          p.apiUsage.upsert({
            where: { tokenId_endpointId: { tokenId, endpointId } },
            create: { tokenId, endpointId, ...n, updatedAt: now },
            update: {
              ok: { increment: n.ok }, notModified: { increment: n.notModified }, longPolls: { increment: n.longPolls },
              limited: { increment: n.limited }, bytes: { increment: n.bytes }, updatedAt: now,
            },
          }),
        ),
        ...lastUsed.map(([id, at]) => p.apiToken.updateMany({ where: { id }, data: { lastUsedAt: at } })),
      ]);
    } catch (err) {
      // Keep the counts for the next flush (the database may be locked for a moment).
      for (const c of batch) {
        const target = this.bucket(c.tokenId, c.endpointId);
        for (const k of ["ok", "notModified", "longPolls", "limited", "bytes"] as const) target[k] += c[k];
      }
      for (const [id, at] of lastUsed) if (!this.lastUsed.has(id)) this.lastUsed.set(id, at);
      throw err;
    }
  }

  private bucket(tokenId: string, endpointId: string) {
    const key = `${tokenId} ${endpointId}`;
    let c = this.pending.get(key);
    if (!c) this.pending.set(key, (c = { tokenId, endpointId, ok: 0, notModified: 0, longPolls: 0, limited: 0, bytes: 0 }));
    return c;
  }
}
