import { requireUserId } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { presentDetail } from "@/lib/requests/present";
import { deleteRequest, getRequest } from "@/lib/requests/queries";

type Ctx = { params: Promise<{ id: string; rid: string }> };

export const GET = route<Ctx>(async (_req, { params }) => {
  const userId = await requireUserId();
  const { id, rid } = await params;
  return Response.json(presentDetail(await getRequest(userId, id, rid)));
});

export const DELETE = route<Ctx>(async (_req, { params }) => {
  const userId = await requireUserId();
  const { id, rid } = await params;
  await deleteRequest(userId, id, rid);
  return new Response(null, { status: 204 });
});
