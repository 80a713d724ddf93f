import { createHash, randomBytes } from "node:crypto";
import { getPrisma } from "@/lib/db/client";
import { eventBus } from "@/lib/events/bus";
import { HttpError, notFound } from "@/lib/http/errors";
import type { ExperimentConfig } from "./config";
import type { ExperimentReport, Observation } from "./report";

/**
 * Experiments as stored: always reached through their owner and endpoint (`where: { id, userId,
 * endpointId }`), except a report opened through its share link, which is found by the link
 * token's hash (the token itself is shown once and never stored).
 */
export type ExperimentState = "running" | "finished" | "cancelled" | "failed";

/** Everything a report's charts and exports need beyond the report itself. */
export type ExperimentSamples = {
  /** Per event number: when it was sent, in ms after the start (null: never sent). */
  sentOffsets: (number | null)[];
  observations: Observation[];
  /** Per client, in report order: requests started in each second. */
  timeline: number[][];
};

export async function createExperimentRow(userId: string, endpointId: string, config: ExperimentConfig): Promise<{ id: string; createdAt: Date }> {
  return getPrisma().experiment.create({
    data: { id: crypto.randomUUID(), userId, endpointId, state: "running", config: JSON.stringify(config) },
    select: { id: true, createdAt: true },
  });
}

export async function saveOutcome(id: string, state: Exclude<ExperimentState, "running">, outcome: { report: ExperimentReport | null; samples: ExperimentSamples | null; error: string | null }) {
  await getPrisma().experiment.updateMany({
    where: { id },
    data: {
      state,
      finishedAt: new Date(),
      error: outcome.error,
      report: outcome.report && JSON.stringify(outcome.report),
      samples: outcome.samples && JSON.stringify(outcome.samples),
    },
  });
}

/** Experiments left "running" by a process that died: nothing runs them any more. */
export async function failInterrupted(): Promise<number> {
  const { count } = await getPrisma().experiment.updateMany({
    where: { state: "running" },
    data: { state: "failed", finishedAt: new Date(), error: "the server stopped while it ran" },
  });
  return count;
}

const summaryFields = { id: true, state: true, config: true, error: true, createdAt: true, finishedAt: true, report: true, shareHash: true } as const;
type SummaryRow = { id: string; state: string; config: string; error: string | null; createdAt: Date; finishedAt: Date | null; report: string | null; shareHash: string | null };

export function presentExperiment(row: SummaryRow) {
  return {
    id: row.id,
    state: row.state as ExperimentState,
    config: JSON.parse(row.config) as ExperimentConfig,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    shared: row.shareHash !== null,
    report: row.report ? (JSON.parse(row.report) as ExperimentReport) : undefined,
  };
}
export type ExperimentDto = ReturnType<typeof presentExperiment>;

/** The endpoint's experiments, newest first, with their reports (not their samples). */
export async function listExperiments(userId: string, endpointId: string): Promise<ExperimentDto[]> {
  const rows = await getPrisma().experiment.findMany({ where: { userId, endpointId }, orderBy: { createdAt: "desc" }, select: summaryFields, take: 200 });
  return rows.map(presentExperiment);
}

export async function getExperiment(userId: string, endpointId: string, id: string) {
  const row = await getPrisma().experiment.findFirst({ where: { id, userId, endpointId }, select: { ...summaryFields, samples: true } });
  if (!row) throw notFound("Experiment not found");
  return { ...presentExperiment(row), samples: row.samples ? (JSON.parse(row.samples) as ExperimentSamples) : null };
}

/**
 * Deletes a finished experiment's report and, unless kept, the requests it sent (open inboxes
 * reload their list). A running one must be cancelled first.
 */
export async function deleteExperiment(userId: string, endpointId: string, id: string, opts: { keepTraffic: boolean }): Promise<{ requestsDeleted: number }> {
  const prisma = getPrisma();
  const row = await prisma.experiment.findFirst({ where: { id, userId, endpointId }, select: { state: true } });
  if (!row) throw notFound("Experiment not found");
  if (row.state === "running") throw new HttpError("conflict", "This experiment is still running: cancel it first");
  const report = prisma.experiment.deleteMany({ where: { id, userId, endpointId } });
  if (opts.keepTraffic) {
    await report;
    return { requestsDeleted: 0 };
  }
  const [{ count }] = await prisma.$transaction([
    prisma.capturedRequest.deleteMany({ where: { endpointId, experimentId: id, endpoint: { userId } } }),
    report,
  ]);
  if (count > 0) eventBus().publish({ type: "removed", endpointId });
  return { requestsDeleted: count };
}

/** How many requests each of the endpoint's experiments left in the inbox. */
export async function trafficCounts(userId: string, endpointId: string): Promise<Record<string, number>> {
  const groups = await getPrisma().capturedRequest.groupBy({ by: ["experimentId"], where: { endpointId, experimentId: { not: null }, endpoint: { userId } }, _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.experimentId!, g._count._all]));
}

const hashShareToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** A new read-only link for the report (replacing any earlier one); the token is in this answer only. */
export async function shareExperiment(userId: string, endpointId: string, id: string): Promise<{ token: string }> {
  const token = randomBytes(32).toString("base64url");
  const { count } = await getPrisma().experiment.updateMany({ where: { id, userId, endpointId, state: { not: "running" } }, data: { shareHash: hashShareToken(token) } });
  if (count === 0) throw notFound("No finished experiment with this id");
  return { token };
}

export async function unshareExperiment(userId: string, endpointId: string, id: string): Promise<void> {
  const { count } = await getPrisma().experiment.updateMany({ where: { id, userId, endpointId }, data: { shareHash: null } });
  if (count === 0) throw notFound("Experiment not found");
}

/** A report through its share link: what the owner sees, without owner-only fields. 404 once revoked. */
export async function sharedExperiment(token: string) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw notFound("This link is not valid (it may have been revoked)");
  const row = await getPrisma().experiment.findUnique({ where: { shareHash: hashShareToken(token) }, select: { ...summaryFields, samples: true } });
  if (!row) throw notFound("This link is not valid (it may have been revoked)");
  const { shared: _s, ...dto } = presentExperiment(row);
  return { ...dto, samples: row.samples ? (JSON.parse(row.samples) as ExperimentSamples) : null };
}
