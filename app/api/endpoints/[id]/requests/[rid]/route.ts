import { requireUserId } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { deleteRequest, getRequestDetail } from "@/lib/requests/queries";

type Ctx = { params: Promise<{ id: string; rid: string }> };

export const GET = route<Ctx>(async (_req, { params }) => {
  const userId = await requireUserId();
  const { id, rid } = await params;
  return Response.json(await getRequestDetail(userId, id, rid));
});

export const DELETE = route<Ctx>(async (_req, { params }) => {
  const userId = await requireUserId();
  const { id, rid } = await params;
  await deleteRequest(userId, id, rid);
  return new Response(null, { status: 204 });
});
