import { authed } from "@/lib/access/handlers";
import { revokeToken } from "@/lib/tokens/tokens";

export const DELETE = authed<{ id: string }>(async (_req, { caller, params }) => {
  await revokeToken(caller.userId, params.id);
  return new Response(null, { status: 204 });
});
