import { requireUserId } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { presentSummary } from "@/lib/requests/present";
import { clearRequests, listRequests, listRequestsInput } from "@/lib/requests/queries";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>(async (req, { params }) => {
  const userId = await requireUserId();
  const input = listRequestsInput.parse(Object.fromEntries(new URL(req.url).searchParams));
  const page = await listRequests(userId, (await params).id, input);
  return Response.json({ requests: page.requests.map(presentSummary), nextCursor: page.nextCursor });
});

export const DELETE = route<Ctx>(async (_req, { params }) => {
  const userId = await requireUserId();
  await clearRequests(userId, (await params).id);
  return new Response(null, { status: 204 });
});
