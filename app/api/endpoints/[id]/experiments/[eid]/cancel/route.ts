import { withEndpoint } from "@/lib/access/handlers";
import { cancelExperiment } from "@/lib/experiments/service";

// Stops a running experiment; what it measured so far is saved as a cancelled report.
export const POST = withEndpoint<{ id: string; eid: string }>(async (_req, { caller, endpoint, params }) =>
  Response.json(await cancelExperiment(caller.userId, endpoint.id, params.eid)),
);
