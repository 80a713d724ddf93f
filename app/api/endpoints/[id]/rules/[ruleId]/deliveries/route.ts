import { requireUserId } from "@/lib/auth/current-user";
import { listRuleDeliveries, presentDelivery } from "@/lib/forwarding/deliveries";
import { route } from "@/lib/http/route";

type Ctx = { params: Promise<{ id: string; ruleId: string }> };

export const GET = route<Ctx>(async (_req, { params }) => {
  const userId = await requireUserId();
  const { id, ruleId } = await params;
  return Response.json({ deliveries: (await listRuleDeliveries(userId, id, ruleId)).map(presentDelivery) });
});
