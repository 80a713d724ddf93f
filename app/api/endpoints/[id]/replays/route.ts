import { withEndpoint } from "@/lib/access/handlers";
import { parseJson } from "@/lib/http/route";
import { createBulkReplay, listBulkReplays } from "@/lib/replay/bulk";
import { bulkReplayInput } from "@/lib/replay/input";

export const GET = withEndpoint(async (_req, { caller, endpoint }) => Response.json({ replays: await listBulkReplays(caller.userId, endpoint.id) }), { token: true });

export const POST = withEndpoint(async (req, { caller, endpoint }) => {
  const input = await parseJson(req, bulkReplayInput);
  return Response.json(await createBulkReplay(caller.userId, endpoint.id, input), { status: 201 });
}, { token: true, write: true });
