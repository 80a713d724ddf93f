import { requireUserId } from "@/lib/auth/current-user";
import { ruleTestInput, testRule } from "@/lib/forwarding/rule-test";
import { parseJson, route } from "@/lib/http/route";

type Ctx = { params: Promise<{ id: string }> };

// Dry run of a rule draft against one captured request: would it match, and what would be sent.
export const POST = route<Ctx>(async (req, { params }) => {
  const userId = await requireUserId();
  const input = await parseJson(req, ruleTestInput);
  return Response.json(await testRule(userId, (await params).id, input));
});
