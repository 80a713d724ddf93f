import { z } from "zod";
import { withEndpoint } from "@/lib/access/handlers";
import { experimentView } from "@/lib/experiments/service";
import { deleteExperiment } from "@/lib/experiments/store";

export const dynamic = "force-dynamic";

type P = { id: string; eid: string };
const after = z.coerce.number().int().min(0).default(0);

// While it runs: live figures and the observations after `after` (the page polls with its count).
export const GET = withEndpoint<P>(async (req, { caller, endpoint, params }) => {
  const from = after.parse(new URL(req.url).searchParams.get("after") ?? undefined);
  return Response.json(await experimentView(caller.userId, endpoint.id, params.eid, from), { headers: { "Cache-Control": "private, no-store" } });
});

// Deletes the report and (unless ?keepTraffic=1) the requests the experiment sent.
export const DELETE = withEndpoint<P>(async (req, { caller, endpoint, params }) => {
  const keepTraffic = new URL(req.url).searchParams.get("keepTraffic") === "1";
  return Response.json(await deleteExperiment(caller.userId, endpoint.id, params.eid, { keepTraffic }));
});
