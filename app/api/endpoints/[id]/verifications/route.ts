import { withEndpoint } from "@/lib/access/handlers";
import { parseJson } from "@/lib/http/route";
import { verificationInput } from "@/lib/signatures/settings";
import { createVerification, listVerifications } from "@/lib/verifications/verifications";

export const GET = withEndpoint(async (_req, { caller, endpoint }) => Response.json({ verifications: await listVerifications(caller.userId, endpoint.id) }));

export const POST = withEndpoint(async (req, { caller, endpoint }) => {
  const input = await parseJson(req, verificationInput);
  return Response.json(await createVerification(caller.userId, endpoint.id, input), { status: 201 });
});
