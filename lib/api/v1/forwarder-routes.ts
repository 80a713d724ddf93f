import { cursorState, setCursor } from "@/lib/forwarder/cursor";
import { feedAfter } from "@/lib/forwarder/feed";
import { forwardReports, recordForwards } from "@/lib/forwarder/report";
import { defineRoute, type ApiRoute } from "../router";
import { cursorInput, cursorSchema, feedQuery, feedSchema, forwardRecordedSchema } from "./schemas";

/**
 * What the CLI's `listen` uses beside the live stream: its cursor on each endpoint (kept per token
 * and endpoint, so a restart or another machine resumes where it stopped), the requests after it
 * with their bodies, and the report of each local forward (shown on the request in the dashboard).
 */
export function forwarderRoutes(): ApiRoute[] {
  return [
    defineRoute({
      method: "GET",
      path: "/api/v1/endpoints/{id}/cursor",
      operationId: "getForwardCursor",
      summary: "This token's forwarding cursor on the endpoint",
      endpoint: true,
      response: { description: "Where forwarding resumes, the newest seq, and how many requests wait after the cursor.", schema: cursorSchema },
      handler: async (ctx) => ({ json: await cursorState(ctx.caller.tokenId, ctx.endpoint.id) }),
    }),
    defineRoute({
      method: "PUT",
      path: "/api/v1/endpoints/{id}/cursor",
      operationId: "setForwardCursor",
      summary: "Set this token's forwarding cursor (skip a backlog, or go back to forward again)",
      description: "Moving it forward costs no hourly budget; moving it back does.",
      endpoint: true,
      write: true,
      budget: "forward",
      body: cursorInput,
      response: { description: "The cursor as set.", schema: cursorSchema },
      handler: async (ctx) => ({ json: await setCursor(ctx.caller.tokenId, ctx.endpoint.id, ctx.body.after, ctx.charge) }),
    }),
    defineRoute({
      method: "GET",
      path: "/api/v1/endpoints/{id}/feed",
      operationId: "listFeed",
      summary: "Requests after a cursor with their headers and exact bodies, oldest first: what a forwarder sends on",
      description:
        "Pages that move forward from this token's cursor cost no hourly budget (their number follows the endpoint's traffic); " +
        "a page with nothing new, or one before the cursor, costs one call. Follow the live stream and ask when it says something arrived.",
      endpoint: true,
      budget: "forward",
      query: feedQuery,
      response: { description: "A page of requests with their bodies.", schema: feedSchema },
      handler: async (ctx) => ({ json: await feedAfter(ctx.caller.tokenId, ctx.endpoint.id, ctx.query, ctx.charge) }),
    }),
    defineRoute({
      method: "POST",
      path: "/api/v1/endpoints/{id}/forwards",
      operationId: "reportForwards",
      summary: "Report forwards to a local target (the CLI's), and move this token's cursor past them",
      description:
        "Each becomes a delivery of kind `cli` on its request, shown in the dashboard (\"forwarded by CLI: 200 in 12 ms\"). " +
        "Send several at once (up to 100). Reporting requests at or before the cursor again costs one call of the hourly budget; moving forward does not.",
      endpoint: true,
      write: true,
      budget: "forward",
      body: forwardReports,
      maxBodyBytes: 8 * 1024 * 1024,
      response: { description: "Recorded.", schema: forwardRecordedSchema, status: 201 },
      handler: async (ctx) => ({ json: await recordForwards(ctx.caller, ctx.endpoint.id, ctx.body.reports, ctx.charge), status: 201 }),
    }),
  ];
}
