import { resolveCaller, mayUseEndpoint, type Caller } from "@/lib/auth/caller";
import { getEndpoint, type EndpointRecord } from "@/lib/endpoints/queries";
import { HttpError, notFound, unauthorized } from "@/lib/http/errors";
import { route } from "@/lib/http/route";

/**
 * The opening lines every API handler shares, in one place: resolve the caller (session cookie,
 * or a personal token where `token` allows it), refuse read-only tokens on writes, and for
 * endpoint routes load the endpoint the caller owns (404 otherwise, never 403). Handlers then
 * only parse their input, call one lib function and answer.
 */
export type Access = { token?: boolean; write?: boolean };

type Params = { params: Promise<Record<string, string>> };

export function authed<P extends Record<string, string> = Record<string, never>>(
  handler: (req: Request, ctx: { caller: Caller; params: P }) => Promise<Response>,
  access: Access = {},
) {
  return route<Params>(async (req, ctx) => {
    const caller = await callerOf(req, access);
    return handler(req, { caller, params: ((await ctx?.params) ?? {}) as P });
  });
}

export function withEndpoint<P extends { id: string } = { id: string }>(
  handler: (req: Request, ctx: { caller: Caller; endpoint: EndpointRecord; params: P }) => Promise<Response>,
  access: Access = {},
) {
  return authed<P>(async (req, { caller, params }) => {
    if (!mayUseEndpoint(caller, params.id)) throw notFound("Endpoint not found");
    const endpoint = await getEndpoint(caller.userId, params.id);
    return handler(req, { caller, endpoint, params });
  }, access);
}

async function callerOf(req: Request, access: Access): Promise<Caller> {
  const caller = await resolveCaller(
    { authorization: req.headers.get("authorization"), cookie: req.headers.get("cookie") },
    { session: true, token: access.token ?? false },
  );
  if (!caller) throw unauthorized(access.token);
  if (access.write && caller.kind === "token" && caller.readOnly) throw new HttpError("forbidden", "This token is read-only");
  return caller;
}
