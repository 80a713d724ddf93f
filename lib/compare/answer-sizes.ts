import { getPrisma } from "@/lib/db/client";
import { SelfHttp } from "@/lib/experiments/http";
import { log } from "@/lib/log/logger";
import { selfUrl } from "@/lib/server/self-url";
import { createShortLivedToken, revokeToken } from "@/lib/tokens/tokens";
import { DEFAULT_PARAMS } from "./model";

/**
 * What one poll costs on this server, measured on the wire against the real /api/v1 instead of
 * the model's estimates: the bytes of a 200 answer with nothing new (status line, headers, the
 * empty page), of a 304, and one call's round trip (median of 5 on a kept-alive connection). Done
 * once per process, at the first comparison, with a one-minute token revoked straight after;
 * answers hardly differ between endpoints (ids have one length).
 */
export type AnswerSizes = { emptyListBytes: number; notModifiedBytes: number; roundTripMs: number | null; measured: boolean };

const KEY = Symbol.for("webhook-inbox.answer-sizes");
type Holder = typeof globalThis & { [KEY]?: Promise<AnswerSizes> };

const ESTIMATED: AnswerSizes = { emptyListBytes: DEFAULT_PARAMS.emptyListBytes, notModifiedBytes: DEFAULT_PARAMS.notModifiedBytes, roundTripMs: null, measured: false };

export function apiAnswerSizes(userId: string, endpointId: string): Promise<AnswerSizes> {
  const g = globalThis as Holder;
  g[KEY] ??= measure(userId, endpointId).catch((err) => {
    log().warn({ err }, "could not measure the pull API's answers; using estimates");
    delete g[KEY]; // try again next time
    return ESTIMATED;
  });
  return g[KEY];
}

async function measure(userId: string, endpointId: string): Promise<AnswerSizes> {
  const base = selfUrl();
  if (!base) return ESTIMATED;
  const token = await createShortLivedToken(userId, { name: "Comparison: answer sizes", endpointId, expiresAt: new Date(Date.now() + 60_000), hourlyLimit: 50 });
  const http = new SelfHttp(base, "webhook-inbox-compare/measure", 1);
  try {
    const newest = await getPrisma().capturedRequest.findFirst({ where: { endpointId }, orderBy: { seq: "desc" }, select: { seq: true } });
    const path = `/api/v1/endpoints/${endpointId}/requests?after=${newest?.seq ?? 0}`;
    const auth = { Authorization: `Bearer ${token.token}` };
    const times: number[] = [];
    let empty = await http.send("GET", path, { headers: auth }); // also opens the connection
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      empty = await http.send("GET", path, { headers: auth });
      times.push(performance.now() - started);
    }
    if (empty.status !== 200) throw new Error(`empty page answered ${empty.status}`);
    const notModified = await http.send("GET", path, { headers: { ...auth, "If-None-Match": String(empty.headers.etag) } });
    if (notModified.status !== 304) throw new Error(`conditional poll answered ${notModified.status}`);
    times.sort((a, b) => a - b);
    return { emptyListBytes: empty.wireBytes, notModifiedBytes: notModified.wireBytes, roundTripMs: times[2], measured: true };
  } finally {
    http.close();
    await revokeToken(userId, token.id).catch(() => undefined);
  }
}
