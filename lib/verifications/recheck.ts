import { getPrisma } from "@/lib/db/client";
import { parseStoredHeaders } from "@/lib/endpoints/settings";
import { HttpError } from "@/lib/http/errors";
import { prepareAll } from "@/lib/signatures/verify";
import { settingsWithSecrets } from "./verifications";

/**
 * Re-checking stored requests after the settings changed: each request is verified again over its
 * exact bytes as of its receipt time, oldest first, in batches that yield between them so capture
 * keeps its rate. One job per endpoint at a time, in memory (a restart abandons it; start it again:
 * it is idempotent). Progress is polled (GET).
 */
export type RecheckJob = { state: "running" | "finished" | "failed"; done: number; total: number; changed: number; error?: string };

const BATCH = 200;
const KEY = Symbol.for("webhook-inbox.recheck-jobs");

function jobs(): Map<string, RecheckJob> {
  const g = globalThis as typeof globalThis & { [KEY]?: Map<string, RecheckJob> };
  g[KEY] ??= new Map();
  return g[KEY];
}

export function recheckStatus(endpointId: string): RecheckJob | null {
  return jobs().get(endpointId) ?? null;
}

export async function startRecheck(endpointId: string): Promise<RecheckJob> {
  if (jobs().get(endpointId)?.state === "running") throw new HttpError("conflict", "A re-check of this endpoint is already running");
  const total = await getPrisma().capturedRequest.count({ where: { endpointId } });
  const job: RecheckJob = { state: "running", done: 0, total, changed: 0 };
  jobs().set(endpointId, job);
  void run(endpointId, job).catch((err) => Object.assign(job, { state: "failed", error: (err as Error).message }));
  return job;
}

async function run(endpointId: string, job: RecheckJob) {
  const prisma = getPrisma();
  const settings = await settingsWithSecrets(endpointId);
  const verify = settings.length ? prepareAll(settings, { diagnose: false }) : null;
  let after = 0;
  for (;;) {
    const rows = await prisma.capturedRequest.findMany({
      where: { endpointId, seq: { gt: after } },
      orderBy: { seq: "asc" },
      take: BATCH,
      select: { id: true, seq: true, headers: true, body: true, receivedAt: true, signatureStatus: true },
    });
    if (!rows.length) break;
    const updates = rows.map((r) => {
      const result = verify?.({ headers: parseStoredHeaders(r.headers), body: r.body, nowMs: r.receivedAt.getTime() }) ?? null;
      if ((result?.status ?? "none") !== r.signatureStatus) job.changed++;
      return prisma.capturedRequest.update({ where: { id: r.id }, data: { signatureStatus: result?.status ?? "none", signature: result && JSON.stringify(result) } });
    });
    await prisma.$transaction(updates);
    job.done += rows.length;
    after = rows[rows.length - 1].seq;
    await new Promise((r) => setImmediate(r));
  }
  job.state = "finished";
}
