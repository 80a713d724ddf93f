import { requireUserId } from "@/lib/auth/current-user";
import { updateRuleInput } from "@/lib/forwarding/rule-input";
import { deleteRule, getRule, presentRule, updateRule } from "@/lib/forwarding/rules";
import { parseJson, route } from "@/lib/http/route";

type Ctx = { params: Promise<{ id: string; ruleId: string }> };

export const GET = route<Ctx>(async (_req, { params }) => {
  const userId = await requireUserId();
  const { id, ruleId } = await params;
  return Response.json(presentRule(await getRule(userId, id, ruleId)));
});

export const PATCH = route<Ctx>(async (req, { params }) => {
  const userId = await requireUserId();
  const { id, ruleId } = await params;
  const input = await parseJson(req, updateRuleInput);
  return Response.json(presentRule(await updateRule(userId, id, ruleId, input)));
});

export const DELETE = route<Ctx>(async (_req, { params }) => {
  const userId = await requireUserId();
  const { id, ruleId } = await params;
  await deleteRule(userId, id, ruleId);
  return new Response(null, { status: 204 });
});
