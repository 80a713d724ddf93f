import { getPrisma } from "@/lib/db/client";
import { getEndpoint } from "@/lib/endpoints/queries";
import { REPLAY_TIMEOUT_MS } from "@/lib/forwarding/delivery-request";
import { outboundRequest } from "@/lib/forwarding/outbound-request";
import { getRule, listRules } from "@/lib/forwarding/rules";
import type { ReplayTargetInput } from "./input";

/** Where a replay goes: a rule's target with its header changes and timeout, or a URL typed in. */
export type ReplayTarget = {
  template: string;
  add: [string, string][];
  remove: string[];
  timeoutMs: number;
  rule: { id: string; name: string } | null;
};

export async function resolveTarget(userId: string, endpointId: string, input: ReplayTargetInput): Promise<ReplayTarget> {
  if (input.ruleId !== undefined) {
    const rule = await getRule(userId, endpointId, input.ruleId);
    return {
      template: rule.targetUrl,
      add: JSON.parse(rule.addHeaders) as [string, string][],
      remove: JSON.parse(rule.removeHeaders) as string[],
      timeoutMs: rule.timeoutMs,
      rule: { id: rule.id, name: rule.name },
    };
  }
  return { template: input.targetUrl!, add: [], remove: [], timeoutMs: REPLAY_TIMEOUT_MS, rule: null };
}

type StoredRequest = { id: string; method: string; path: string; query: string; headers: string; ip: string };
type Edit = { method?: string; headers?: [string, string][]; body?: Uint8Array };

/**
 * The Delivery row of one replay: everything it sends is fixed now, so the engine needs neither a
 * rule nor this code to send it, and the dashboard can show exactly what went out. Unedited, the
 * headers are a forward's (the captured ones minus hop-by-hop, plus provenance) with the
 * replay's own Idempotency-Key; edited, exactly the list given.
 */
export function replayDelivery(id: string, request: StoredRequest, target: ReplayTarget, edit: Edit = {}, now = new Date()) {
  const out = outboundRequest({ targetUrl: target.template, add: target.add, remove: target.remove }, request, { idempotencyKey: id });
  const headers = edit.headers ?? out.headers;
  return {
    id,
    requestId: request.id,
    kind: "replay",
    targetUrl: out.url,
    method: edit.method ?? null,
    headers: JSON.stringify(headers),
    body: edit.body ? new Uint8Array(edit.body) : null,
    timeoutMs: target.timeoutMs,
    createdAt: now,
    updatedAt: now,
  };
}

const RECENT_URLS = 10;

/** Keeps a URL typed in at the front of the endpoint's list, offered again next time. */
export async function rememberReplayUrl(endpointId: string, url: string) {
  const prisma = getPrisma();
  const row = await prisma.endpoint.findUnique({ where: { id: endpointId }, select: { replayUrls: true } });
  const urls = [url, ...parseUrls(row?.replayUrls).filter((u) => u !== url)].slice(0, RECENT_URLS);
  await prisma.endpoint.update({ where: { id: endpointId }, data: { replayUrls: JSON.stringify(urls) } });
}

/** What the replay dialog offers: the endpoint's rules and the URLs typed in before, newest first. */
export async function replayTargets(userId: string, endpointId: string) {
  await getEndpoint(userId, endpointId);
  const [rules, row] = await Promise.all([
    listRules(userId, endpointId),
    getPrisma().endpoint.findUnique({ where: { id: endpointId }, select: { replayUrls: true } }),
  ]);
  return { rules: rules.map((r) => ({ id: r.id, name: r.name, targetUrl: r.targetUrl })), recentUrls: parseUrls(row?.replayUrls) };
}

function parseUrls(json: string | undefined): string[] {
  const parsed: unknown = JSON.parse(json ?? "[]");
  return Array.isArray(parsed) ? parsed.filter((u): u is string => typeof u === "string") : [];
}
