import { requireUserId } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { presentSummary } from "@/lib/requests/present";
import { clearRequests, listRequests, listRequestsInput } from "@/lib/requests/queries";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>(async (req, { params }) => {
  const userId = await requireUserId();
  const search = new URL(req.url).searchParams;
  const input = listRequestsInput.parse({ limit: search.get("limit") ?? undefined, before: search.get("before") ?? undefined, q: search.get("q") ?? undefined });
  const page = await listRequests(userId, (await params).id, input);
  return Response.json({ requests: page.requests.map(presentSummary), nextCursor: page.nextCursor, scanLimited: page.scanLimited });
});

export const DELETE = route<Ctx>(async (_req, { params }) => {
  const userId = await requireUserId();
  await clearRequests(userId, (await params).id);
  return new Response(null, { status: 204 });
});
