import { withEndpoint } from "@/lib/access/handlers";
import { getBulkReplay } from "@/lib/replay/bulk";

export const GET = withEndpoint<{ id: string; bid: string }>(
  async (_req, { caller, endpoint, params }) => Response.json(await getBulkReplay(caller.userId, endpoint.id, params.bid)),
  { token: true },
);
