import { withEndpoint } from "@/lib/access/handlers";
import { requestOrigin } from "@/lib/endpoints/inbound-url";
import { shareExperiment, unshareExperiment } from "@/lib/experiments/store";

type P = { id: string; eid: string };

// A read-only link to the report (a new one replaces the old); the token is shown in this answer only.
export const POST = withEndpoint<P>(async (req, { caller, endpoint, params }) => {
  const { token } = await shareExperiment(caller.userId, endpoint.id, params.eid);
  return Response.json({ url: `${requestOrigin(req)}/shared/experiments/${token}` }, { status: 201 });
});

export const DELETE = withEndpoint<P>(async (_req, { caller, endpoint, params }) => {
  await unshareExperiment(caller.userId, endpoint.id, params.eid);
  return new Response(null, { status: 204 });
});
