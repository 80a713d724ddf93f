import { requireUserId } from "@/lib/auth/current-user";
import { retryDelivery } from "@/lib/forwarding/deliveries";
import { route } from "@/lib/http/route";

type Ctx = { params: Promise<{ id: string; did: string }> };

export const POST = route<Ctx>(async (_req, { params }) => {
  const userId = await requireUserId();
  const { id, did } = await params;
  await retryDelivery(userId, id, did);
  return new Response(null, { status: 204 });
});
