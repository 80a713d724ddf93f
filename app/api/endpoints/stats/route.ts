import { requireUserId } from "@/lib/auth/current-user";
import { endpointStats } from "@/lib/endpoints/stats";
import { route } from "@/lib/http/route";

// The sidebar's figures for every endpoint of the signed-in user.
export const GET = route(async () => {
  const userId = await requireUserId();
  return Response.json({ stats: await endpointStats(userId) });
});
