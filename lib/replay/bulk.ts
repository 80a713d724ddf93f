import { uuidv7 } from "@/lib/capture/request-id";
import { inChunks } from "@/lib/db/chunked";
import { getPrisma } from "@/lib/db/client";
import { getEndpoint } from "@/lib/endpoints/queries";
import { HttpError, notFound } from "@/lib/http/errors";
import { parseSearchQuery, searchRequestIds } from "@/lib/requests/search";
import { MAX_BULK_REPLAY, type BulkReplayInput } from "./input";
import { kickReplay } from "./kick";
import { replayDelivery, resolveTarget } from "./target";

/**
 * Bulk replays: the chosen requests are fixed when the job is made (a search is evaluated then),
 * each as a queued Delivery that the runner (runner.ts) releases in order at the job's rate.
 */
/** Search pages while collecting the matches. */
const SEARCH_PAGE = 1000;
const requestFields = { id: true, seq: true, method: true, path: true, query: true, headers: true, ip: true } as const;

export async function createBulkReplay(userId: string, endpointId: string, input: BulkReplayInput) {
  await getEndpoint(userId, endpointId);
  const target = await resolveTarget(userId, endpointId, input);
  const requests = input.requestIds ? await selected(endpointId, input.requestIds) : await matching(endpointId, input.filters?.q ?? "");
  if (requests.length === 0) throw new HttpError("validation_failed", "filters: no request matches this search", "filters");
  const now = new Date();
  const id = uuidv7();
  const prisma = getPrisma();
  await prisma.$transaction([
    prisma.replayJob.create({
      data: {
        id, endpointId, state: "running", query: input.filters?.q ?? null, ruleId: target.rule?.id ?? null, ruleName: target.rule?.name ?? null,
        targetUrl: target.template, ratePerSecond: input.ratePerSecond, total: requests.length, createdAt: now, updatedAt: now,
      },
    }),
    prisma.delivery.createMany({
      data: requests.map((r) => ({ ...replayDelivery(uuidv7(), r, target, {}, now), state: "queued", replayJobId: id })),
    }),
  ]);
  kickReplay(id);
  return getBulkReplay(userId, endpointId, id);
}

/** The selection, in the original (seq) order; an id that is not one of the endpoint's requests is a 422 naming it. */
async function selected(endpointId: string, ids: string[]) {
  const unique = [...new Set(ids)];
  const rows = await load(endpointId, unique);
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing !== -1) throw new HttpError("validation_failed", `requestIds.${missing}: not a request of this endpoint`, `requestIds.${missing}`);
  return rows;
}

/** Every request the search matches, oldest first (the list's query language; "" for all). */
async function matching(endpointId: string, q: string) {
  const query = parseSearchQuery(q);
  const ids: string[] = [];
  let after = 0;
  for (;;) {
    const page = await searchRequestIds(endpointId, query, { after, limit: SEARCH_PAGE });
    ids.push(...page.ids);
    if (ids.length > MAX_BULK_REPLAY) {
      throw new HttpError("validation_failed", `filters: more than ${MAX_BULK_REPLAY} requests match; narrow the search (e.g. after:/before:)`, "filters");
    }
    if (page.nextCursor === null) break;
    after = page.nextCursor;
  }
  return load(endpointId, ids);
}

async function load(endpointId: string, ids: string[]) {
  const rows = await inChunks(ids, (chunk) => getPrisma().capturedRequest.findMany({ where: { endpointId, id: { in: chunk } }, select: requestFields }));
  return rows.sort((a, b) => a.seq - b.seq);
}

async function ownedJob(userId: string, endpointId: string, jobId: string) {
  const job = await getPrisma().replayJob.findFirst({ where: { id: jobId, endpointId, endpoint: { userId } } });
  if (!job) throw notFound("Bulk replay not found");
  return job;
}

type JobRow = Awaited<ReturnType<typeof ownedJob>>;

/** Progress and outcomes: counted from the job's deliveries, so they are exact after a restart too. */
async function present(job: JobRow) {
  const prisma = getPrisma();
  const [states, statuses, errors] = await Promise.all([
    prisma.delivery.groupBy({ by: ["state"], where: { replayJobId: job.id }, _count: { _all: true } }),
    prisma.deliveryAttempt.groupBy({ by: ["status"], where: { delivery: { replayJobId: job.id } }, _count: { _all: true } }),
    prisma.delivery.groupBy({ by: ["lastError"], where: { replayJobId: job.id, state: "failed" }, _count: { _all: true } }),
  ]);
  const count = (state: string) => states.find((s) => s.state === state)?._count._all ?? 0;
  const byCount = (a: { count: number }, b: { count: number }) => b.count - a.count;
  return {
    id: job.id,
    state: job.state,
    query: job.query,
    ruleId: job.ruleId,
    ruleName: job.ruleName,
    targetUrl: job.targetUrl,
    ratePerSecond: job.ratePerSecond,
    total: job.total,
    // Answered or failed: their one attempt is recorded.
    sent: count("succeeded") + count("failed"),
    succeeded: count("succeeded"),
    failed: count("failed"),
    cancelled: count("cancelled"),
    // Requests deleted meanwhile take their deliveries with them: total - the rest.
    remaining: count("queued") + count("pending") + count("delivering") + count("retrying"),
    outcomes: statuses.map((s) => ({ status: s.status, count: s._count._all })).sort(byCount),
    errors: errors.map((e) => ({ error: e.lastError, count: e._count._all })).sort(byCount),
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
export type BulkReplayDto = Awaited<ReturnType<typeof present>>;

export async function getBulkReplay(userId: string, endpointId: string, jobId: string) {
  return present(await ownedJob(userId, endpointId, jobId));
}

/** The endpoint's newest bulk replays. */
export async function listBulkReplays(userId: string, endpointId: string, limit = 20) {
  await getEndpoint(userId, endpointId);
  const jobs = await getPrisma().replayJob.findMany({ where: { endpointId }, orderBy: { createdAt: "desc" }, take: limit });
  return Promise.all(jobs.map(present));
}

export type BulkReplayAction = "pause" | "resume" | "cancel";
const FROM: Record<BulkReplayAction, string[]> = { pause: ["running"], resume: ["paused"], cancel: ["running", "paused"] };
const TO: Record<BulkReplayAction, string> = { pause: "paused", resume: "running", cancel: "cancelled" };

/**
 * Pause stops releasing deliveries (the one under way finishes); resume goes on in order at the
 * rate; cancel ends the job and cancels what was still queued. 409 when the job is not in a state
 * the action applies to.
 */
export async function changeBulkReplay(userId: string, endpointId: string, jobId: string, action: BulkReplayAction) {
  const job = await ownedJob(userId, endpointId, jobId);
  const prisma = getPrisma();
  const now = new Date();
  const { count } = await prisma.replayJob.updateMany({
    where: { id: job.id, state: { in: FROM[action] } },
    data: { state: TO[action], updatedAt: now, ...(action === "cancel" ? { finishedAt: now } : {}) },
  });
  if (!count) throw new HttpError("conflict", `This bulk replay is ${job.state}; ${action} applies to a ${FROM[action].join(" or ")} one`);
  if (action === "cancel") {
    await prisma.delivery.updateMany({ where: { replayJobId: job.id, state: "queued" }, data: { state: "cancelled", lastError: "Bulk replay cancelled", updatedAt: now } });
  }
  if (action === "resume") kickReplay(job.id);
  return getBulkReplay(userId, endpointId, jobId);
}
