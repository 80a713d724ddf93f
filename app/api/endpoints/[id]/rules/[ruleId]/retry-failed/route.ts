import { requireUserId } from "@/lib/auth/current-user";
import { retryFailedForRule } from "@/lib/forwarding/deliveries";
import { route } from "@/lib/http/route";

type Ctx = { params: Promise<{ id: string; ruleId: string }> };

export const POST = route<Ctx>(async (_req, { params }) => {
  const userId = await requireUserId();
  const { id, ruleId } = await params;
  return Response.json({ requeued: await retryFailedForRule(userId, id, ruleId) });
});
