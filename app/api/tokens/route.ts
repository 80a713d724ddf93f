import { authed } from "@/lib/access/handlers";
import { parseJson } from "@/lib/http/route";
import { createToken, createTokenInput, listTokens } from "@/lib/tokens/tokens";

// Tokens are managed from a signed-in session only (a token cannot mint or list tokens).
export const GET = authed(async (_req, { caller }) => Response.json({ tokens: await listTokens(caller.userId) }));

export const POST = authed(async (req, { caller }) => {
  const input = await parseJson(req, createTokenInput);
  return Response.json(await createToken(caller.userId, input), { status: 201 });
});
