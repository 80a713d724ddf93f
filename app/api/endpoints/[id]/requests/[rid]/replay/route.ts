import { withEndpoint } from "@/lib/access/handlers";
import { parseJson } from "@/lib/http/route";
import { replayInput } from "@/lib/replay/input";
import { createReplay } from "@/lib/replay/replay";

// Sessions and personal tokens that may write.
export const POST = withEndpoint<{ id: string; rid: string }>(async (req, { caller, endpoint, params }) => {
  const input = await parseJson(req, replayInput);
  return Response.json(await createReplay(caller.userId, endpoint.id, params.rid, input), { status: 201 });
}, { token: true, write: true });
