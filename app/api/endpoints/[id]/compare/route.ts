import { withEndpoint } from "@/lib/access/handlers";
import { compareEndpoint, compareQuery } from "@/lib/compare/on-traffic";

export const dynamic = "force-dynamic";

// Polling versus webhooks on this endpoint's own traffic (README "Polling vs webhooks").
export const GET = withEndpoint(async (req, { caller, endpoint }) => {
  const search = new URL(req.url).searchParams;
  const query = compareQuery.parse(Object.fromEntries(["window", "intervals", "budget", "price", "ticks"].map((k) => [k, search.get(k) ?? undefined])));
  return Response.json(await compareEndpoint(caller.userId, endpoint, query), { headers: { "Cache-Control": "private, no-store" } });
});
