import { requireUserId } from "@/lib/auth/current-user";
import { listDeliveries, presentDelivery } from "@/lib/forwarding/deliveries";
import { route } from "@/lib/http/route";

type Ctx = { params: Promise<{ id: string; rid: string }> };

export const GET = route<Ctx>(async (_req, { params }) => {
  const userId = await requireUserId();
  const { id, rid } = await params;
  return Response.json({ deliveries: (await listDeliveries(userId, id, rid)).map(presentDelivery) });
});
