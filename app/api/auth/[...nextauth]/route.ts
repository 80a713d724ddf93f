import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { gateSignIn } from "@/lib/auth/throttle";
import { clientAddress } from "@/lib/http/client-address";

const handler = NextAuth(authOptions);
type Ctx = { params: Promise<{ nextauth: string[] }> };

export { handler as GET };

// Password sign-ins pass the throttle first (lib/auth/throttle.ts); everything else is next-auth's.
export async function POST(req: Request, ctx: Ctx) {
  if (new URL(req.url).pathname.endsWith("/callback/credentials")) {
    const refused = await gateSignIn(req, clientAddress(req));
    if (refused) return refused;
  }
  return handler(req, ctx);
}
