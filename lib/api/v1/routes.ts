import { inboundUrl } from "@/lib/endpoints/inbound-url";
import { listEndpoints } from "@/lib/endpoints/queries";
import { pageAfter } from "@/lib/requests/cursor-page";
import { presentDetail } from "@/lib/requests/present";
import { deleteRequest, getRequest } from "@/lib/requests/queries";
import { defineRoute, type ApiContext, type ApiRoute } from "../router";
import { forwarderRoutes } from "./forwarder-routes";
import { watchForRequests } from "./long-poll";
import { publicSummary as summary } from "./summary";
import { endpointListSchema, requestDetailSchema, requestPageQuery, requestPageSchema } from "./schemas";


const origin = (ctx: ApiContext<unknown>) => `${ctx.url.protocol}//${ctx.url.host}`;

export function v1Routes(opts: { pollIntervalSeconds: number }): ApiRoute[] {
  return [
    defineRoute({
      method: "GET",
      path: "/api/v1/endpoints",
      summary: "List the endpoints this token may use",
      response: { description: "Endpoints, newest first.", schema: endpointListSchema },
      handler: async (ctx) => {
        const all = await listEndpoints(ctx.caller.userId);
        const allowed = ctx.caller.endpointIds;
        const endpoints = all.filter((e) => allowed === null || allowed.includes(e.id));
        return { json: { endpoints: endpoints.map((e) => ({ id: e.id, name: e.name, url: inboundUrl(e.slug, origin(ctx)), createdAt: e.createdAt.toISOString() })) } };
      },
    }),
    defineRoute({
      method: "GET",
      path: "/api/v1/endpoints/{id}/requests",
      summary: "Page through captured requests after a cursor, oldest first",
      description:
        "Walk `after` forward with `nextAfter` and every request is returned exactly once, in order. Answers carry a strong ETag: " +
        "send it back in `If-None-Match` to get 304 while nothing changed. With `wait`, a request that finds nothing new waits " +
        "(up to 30 s) and answers as soon as a request is captured. `X-Poll-Interval` says how often to poll at most.",
      endpoint: true,
      query: requestPageQuery,
      conditional: true,
      response: { description: "A page of request summaries. `Link: <...>; rel=\"next\"` when more are waiting.", schema: requestPageSchema },
      handler: async (ctx) => {
        const { after, limit, q } = ctx.query;
        const watch = ctx.query.wait > 0 ? watchForRequests(ctx.endpoint.id, after) : null;
        let page;
        try {
          page = await pageAfter(ctx.endpoint.id, { after, limit, q });
          const deadline = Date.now() + ctx.query.wait * 1000;
          // With a query, what arrives may not match: keep waiting for the rest of the time.
          while (watch && page.requests.length === 0 && Date.now() < deadline) {
            ctx.longPoll = true;
            if (!(await watch.wait(deadline - Date.now(), ctx.signal))) break;
            watch.rearm();
            page = await pageAfter(ctx.endpoint.id, { after, limit, q });
          }
        } finally {
          watch?.stop();
        }
        const headers: Record<string, string> = { "X-Poll-Interval": String(opts.pollIntervalSeconds) };
        if (page.hasMore) {
          const next = new URL(ctx.url.pathname, origin(ctx));
          next.search = new URLSearchParams({ after: String(page.nextAfter), limit: String(limit), ...(q ? { q } : {}) }).toString();
          headers.Link = `<${next}>; rel="next"`;
        }
        return { json: { requests: page.requests.map(summary), nextAfter: page.nextAfter }, headers, etag: true };
      },
    }),
    defineRoute({
      method: "GET",
      path: "/api/v1/endpoints/{id}/requests/{rid}",
      summary: "One captured request with its headers and body",
      endpoint: true,
      response: { description: "The request, headers in arrival order and the exact body (base64, and as text when UTF-8).", schema: requestDetailSchema },
      handler: async (ctx) => {
        const row = await getRequest(ctx.caller.userId, ctx.endpoint.id, ctx.params.rid);
        const { headers, bodyBase64, bodyText } = presentDetail(row);
        return { json: { ...summary(row), headers, bodyBase64, bodyText } };
      },
    }),
    defineRoute({
      method: "DELETE",
      path: "/api/v1/endpoints/{id}/requests/{rid}",
      summary: "Delete a captured request",
      description: "Needs a token that is not read-only. Open dashboards and streams hear of it at once.",
      endpoint: true,
      write: true,
      response: { description: "Deleted.", status: 204 },
      handler: async (ctx) => {
        await deleteRequest(ctx.caller.userId, ctx.endpoint.id, ctx.params.rid);
        return { noContent: true };
      },
    }),
    defineRoute({
      method: "GET",
      path: "/api/v1/endpoints/{id}/requests/{rid}/raw",
      summary: "The exact body bytes of a captured request",
      endpoint: true,
      response: { description: "The body as received, with its original Content-Type (as an attachment, sandboxed).", mediaType: "application/octet-stream" },
      handler: async (ctx) => {
        const r = await getRequest(ctx.caller.userId, ctx.endpoint.id, ctx.params.rid);
        return {
          bytes: Buffer.from(r.body),
          contentType: r.contentType ?? "application/octet-stream",
          headers: { "Content-Disposition": `attachment; filename="request-${r.seq}.bin"`, "Content-Security-Policy": "sandbox; default-src 'none'" },
        };
      },
    }),
    ...forwarderRoutes(),
  ];
}
