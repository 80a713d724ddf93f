import { withEndpoint } from "@/lib/access/handlers";
import { removeSecret } from "@/lib/verifications/verifications";

export const DELETE = withEndpoint<{ id: string; vid: string; sid: string }>(async (_req, { caller, endpoint, params }) => {
  return Response.json(await removeSecret(caller.userId, endpoint.id, params.vid, params.sid));
});
