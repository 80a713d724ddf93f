import { requireUserId } from "@/lib/auth/current-user";
import { clearRejections } from "@/lib/endpoints/stats";
import { route } from "@/lib/http/route";

type Ctx = { params: Promise<{ id: string }> };

// Resets the endpoint's refused-request counts once the user has seen them.
export const DELETE = route<Ctx>(async (_req, { params }) => {
  await clearRejections(await requireUserId(), (await params).id);
  return new Response(null, { status: 204 });
});
