import { withEndpoint } from "@/lib/access/handlers";
import { parseJson } from "@/lib/http/route";
import { addSecret, addSecretInput } from "@/lib/verifications/verifications";

// Rotation: the new secret becomes the newest; the older ones keep verifying until removed.
export const POST = withEndpoint<{ id: string; vid: string }>(async (req, { caller, endpoint, params }) => {
  const { secret } = await parseJson(req, addSecretInput);
  return Response.json(await addSecret(caller.userId, endpoint.id, params.vid, secret), { status: 201 });
});
