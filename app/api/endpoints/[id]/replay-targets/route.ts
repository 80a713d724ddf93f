import { withEndpoint } from "@/lib/access/handlers";
import { replayTargets } from "@/lib/replay/target";

export const GET = withEndpoint(async (_req, { caller, endpoint }) => Response.json(await replayTargets(caller.userId, endpoint.id)), { token: true });
