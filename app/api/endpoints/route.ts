import { requireUserId } from "@/lib/auth/current-user";
import { requestOrigin } from "@/lib/endpoints/inbound-url";
import { presentEndpoint } from "@/lib/endpoints/present";
import { createEndpoint, createEndpointInput, listEndpoints } from "@/lib/endpoints/queries";
import { parseJson, route } from "@/lib/http/route";

export const GET = route(async (req) => {
  const userId = await requireUserId();
  const origin = requestOrigin(req);
  const endpoints = await listEndpoints(userId);
  return Response.json({ endpoints: endpoints.map((e) => presentEndpoint(e, origin)) });
});

export const POST = route(async (req) => {
  const userId = await requireUserId();
  const { name } = await parseJson(req, createEndpointInput);
  const endpoint = await createEndpoint(userId, name);
  return Response.json(presentEndpoint(endpoint, requestOrigin(req)), { status: 201 });
});
