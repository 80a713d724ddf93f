import { withEndpoint } from "@/lib/access/handlers";
import { parseJson } from "@/lib/http/route";
import { experimentInput } from "@/lib/experiments/config";
import { startExperiment } from "@/lib/experiments/service";
import { listExperiments, trafficCounts } from "@/lib/experiments/store";

export const dynamic = "force-dynamic";

export const GET = withEndpoint(async (_req, { caller, endpoint }) => {
  const [experiments, traffic] = await Promise.all([listExperiments(caller.userId, endpoint.id), trafficCounts(caller.userId, endpoint.id)]);
  return Response.json({ experiments: experiments.map((e) => ({ ...e, requestsKept: traffic[e.id] ?? 0 })) });
});

// Starts a live experiment in the server (one per user at a time: 409 while one runs).
export const POST = withEndpoint(async (req, { caller, endpoint }) => {
  const input = await parseJson(req, experimentInput);
  return Response.json(await startExperiment(caller.userId, endpoint, input), { status: 201 });
});
