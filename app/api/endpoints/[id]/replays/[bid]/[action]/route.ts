import { z } from "zod";
import { withEndpoint } from "@/lib/access/handlers";
import { notFound } from "@/lib/http/errors";
import { changeBulkReplay } from "@/lib/replay/bulk";

const action = z.enum(["pause", "resume", "cancel"]);

// POST .../replays/<bid>/pause, /resume, /cancel
export const POST = withEndpoint<{ id: string; bid: string; action: string }>(async (_req, { caller, endpoint, params }) => {
  const parsed = action.safeParse(params.action);
  if (!parsed.success) throw notFound("No such action; use pause, resume or cancel");
  return Response.json(await changeBulkReplay(caller.userId, endpoint.id, params.bid, parsed.data));
}, { token: true, write: true });
