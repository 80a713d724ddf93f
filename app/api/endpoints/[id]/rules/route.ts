import { requireUserId } from "@/lib/auth/current-user";
import { createRuleInput } from "@/lib/forwarding/rule-input";
import { createRule, listRules, presentRule } from "@/lib/forwarding/rules";
import { parseJson, route } from "@/lib/http/route";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>(async (_req, { params }) => {
  const userId = await requireUserId();
  const rules = await listRules(userId, (await params).id);
  return Response.json({ rules: rules.map(presentRule) });
});

export const POST = route<Ctx>(async (req, { params }) => {
  const userId = await requireUserId();
  const input = await parseJson(req, createRuleInput);
  const rule = await createRule(userId, (await params).id, input);
  return Response.json(presentRule(rule), { status: 201 });
});
