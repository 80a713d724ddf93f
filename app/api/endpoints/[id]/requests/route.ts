import { requireUserId } from "@/lib/auth/current-user";
import { route } from "@/lib/http/route";
import { presentSummary } from "@/lib/requests/present";
import { clearRequests, listRequests, listRequestsInput } from "@/lib/requests/queries";

type Ctx = { params: Promise<{ id: string }> };

const PARAMS = ["limit", "before", "q", "top", "after", "offset", "count", "experiments"] as const;

export const GET = route<Ctx>(async (req, { params }) => {
  const userId = await requireUserId();
  const search = new URL(req.url).searchParams;
  const input = listRequestsInput.parse(Object.fromEntries(PARAMS.map((k) => [k, search.get(k) ?? undefined])));
  const page = await listRequests(userId, (await params).id, input);
  return Response.json({ ...page, requests: page.requests.map(presentSummary) });
});

export const DELETE = route<Ctx>(async (_req, { params }) => {
  const userId = await requireUserId();
  await clearRequests(userId, (await params).id);
  return new Response(null, { status: 204 });
});
