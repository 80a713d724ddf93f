import { authThrottle } from "@/lib/auth/throttle";
import { clientAddress } from "@/lib/http/client-address";
import { parseJson, route } from "@/lib/http/route";
import { signUp, signUpInput } from "@/lib/users/create-user";

// Sign-up (throttled per address like sign-in). Signing in goes through next-auth's credentials callback.
export const POST = route(async (req) => {
  authThrottle().attempt(clientAddress(req));
  const input = await parseJson(req, signUpInput);
  return Response.json(await signUp(input), { status: 201 });
});
