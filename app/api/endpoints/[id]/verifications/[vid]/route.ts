import { withEndpoint } from "@/lib/access/handlers";
import { deleteVerification } from "@/lib/verifications/verifications";

export const DELETE = withEndpoint<{ id: string; vid: string }>(async (_req, { caller, endpoint, params }) => {
  await deleteVerification(caller.userId, endpoint.id, params.vid);
  return new Response(null, { status: 204 });
});
