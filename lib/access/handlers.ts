import { resolveCaller, mayUseEndpoint, type Caller, type CallerHeaders } from "@/lib/auth/caller";
import { assertOwnsEndpoint, getEndpoint, type EndpointRecord } from "@/lib/endpoints/queries";
import { HttpError, notFound, unauthorized } from "@/lib/http/errors";
import { route } from "@/lib/http/route";

/**
 * The opening lines every API handler shares, in one place: resolve the caller (session cookie,
 * or a personal token where `token` allows it), refuse read-only tokens on writes, and for
 * endpoint routes load the endpoint the caller owns (404 otherwise, never 403). Next's route
 * handlers use them through `authed` and `withEndpoint`; the pull API (lib/api/router.ts) and the
 * live stream (lib/events/live-stream.ts), both served outside Next, call them directly.
 */
export type Access = { token?: boolean; write?: boolean };

type Params = { params: Promise<Record<string, string>> };

export function authed<P extends Record<string, string> = Record<string, never>>(
  handler: (req: Request, ctx: { caller: Caller; params: P }) => Promise<Response>,
  access: Access = {},
) {
  return route<Params>(async (req, ctx) => {
    const caller = await callerFor({ authorization: req.headers.get("authorization"), cookie: req.headers.get("cookie") }, access);
    return handler(req, { caller, params: ((await ctx?.params) ?? {}) as P });
  });
}

export function withEndpoint<P extends { id: string } = { id: string }>(
  handler: (req: Request, ctx: { caller: Caller; endpoint: EndpointRecord; params: P }) => Promise<Response>,
  access: Access = {},
) {
  return authed<P>(async (req, { caller, params }) => handler(req, { caller, endpoint: await endpointFor(caller, params.id), params }), access);
}

/** The caller, or a 401 (saying how to send a token where tokens are accepted); 403 for a read-only token's write. */
export async function callerFor(headers: CallerHeaders, access: Access): Promise<Caller> {
  const caller = await resolveCaller(headers, { session: true, token: access.token ?? false });
  if (!caller) throw unauthorized(access.token);
  if (access.write && caller.kind === "token" && caller.readOnly) throw new HttpError("forbidden", "This token is read-only");
  return caller;
}

/** The endpoint if the caller owns it and may use it; 404 otherwise, never 403. */
export async function endpointFor(caller: Caller, id: string): Promise<EndpointRecord> {
  if (!mayUseEndpoint(caller, id)) throw notFound("Endpoint not found");
  return getEndpoint(caller.userId, id);
}

/** The same check as `endpointFor`, without loading the endpoint's settings. */
export async function checkEndpoint(caller: Caller, id: string): Promise<void> {
  if (!mayUseEndpoint(caller, id)) throw notFound("Endpoint not found");
  await assertOwnsEndpoint(caller.userId, id);
}
