import { requireUserId } from "@/lib/auth/current-user";
import { requestOrigin } from "@/lib/endpoints/inbound-url";
import { presentEndpoint } from "@/lib/endpoints/present";
import { deleteEndpoint, getEndpoint, updateEndpoint, updateEndpointInput } from "@/lib/endpoints/queries";
import { parseJson, route } from "@/lib/http/route";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>(async (req, { params }) => {
  const userId = await requireUserId();
  const endpoint = await getEndpoint(userId, (await params).id);
  return Response.json(presentEndpoint(endpoint, requestOrigin(req)));
});

export const PATCH = route<Ctx>(async (req, { params }) => {
  const userId = await requireUserId();
  const input = await parseJson(req, updateEndpointInput);
  const endpoint = await updateEndpoint(userId, (await params).id, input);
  return Response.json(presentEndpoint(endpoint, requestOrigin(req)));
});

export const DELETE = route<Ctx>(async (_req, { params }) => {
  const userId = await requireUserId();
  await deleteEndpoint(userId, (await params).id);
  return new Response(null, { status: 204 });
});
