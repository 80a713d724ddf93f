import { parseJson, route } from "@/lib/http/route";
import { createUser, signUpInput } from "@/lib/users/create-user";

// Sign-up. Signing in goes through next-auth's credentials callback.
export const POST = route(async (req) => {
  const input = await parseJson(req, signUpInput);
  const user = await createUser(input);
  return Response.json(user, { status: 201 });
});
