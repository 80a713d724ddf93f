import { currentSession } from "@/lib/auth/current-user";
import { unauthorized } from "@/lib/http/errors";
import { parseJson, route } from "@/lib/http/route";
import { changePassword, changePasswordInput } from "@/lib/users/change-password";

export const POST = route(async (req) => {
  const session = await currentSession();
  if (!session) throw unauthorized();
  const input = await parseJson(req, changePasswordInput);
  return Response.json({ sessionsEnded: await changePassword(session, input) });
});
