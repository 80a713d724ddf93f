import { z } from "zod";

/**
 * The shapes of the public API, once: route handlers parse their input with these and answer in
 * these shapes, and the OpenAPI document (openapi.ts) is generated from them.
 */
export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }) })
  .meta({ description: "Every error answer: a code to switch on, a sentence for people, and the offending field or parameter when there is one." });

export const endpointSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    url: z.string().meta({ description: "The inbound URL: send webhooks here (any method, any sub-path)." }),
    createdAt: z.iso.datetime(),
  });

export const requestSummarySchema = z
  .object({
    id: z.string(),
    seq: z.int().meta({ description: "Per-endpoint sequence number, in commit order; the cursor." }),
    method: z.string(),
    path: z.string().meta({ description: "Sub-path after the endpoint's URL, exactly as sent (not decoded)." }),
    query: z.string().meta({ description: "Query string without '?', exactly as sent." }),
    size: z.int(),
    contentType: z.string().nullable(),
    ip: z.string(),
    receivedAt: z.iso.datetime(),
  });

export const requestDetailSchema = requestSummarySchema
  .extend({
    headers: z.array(z.tuple([z.string(), z.string()])).meta({ description: "Header pairs in arrival order, name case and duplicates kept." }),
    bodyBase64: z.string().meta({ description: "The exact body bytes." }),
    bodyText: z.string().nullable().meta({ description: "The body as text when it is valid UTF-8, else null." }),
  });

export const requestPageSchema = z
  .object({
    requests: z.array(requestSummarySchema),
    nextAfter: z.int().meta({ description: "Pass as `after` next time: every request is returned exactly once, in order." }),
  });

export const endpointListSchema = z.object({ endpoints: z.array(endpointSchema) });

export const cursorSchema = z.object({
  after: z.int().nullable().meta({ description: "The seq of the last request this token forwarded (or passed over) on this endpoint; null before the first." }),
  newest: z.int().meta({ description: "The highest seq the endpoint handed out: where \"from now\" starts." }),
  waiting: z.int().meta({ description: "Requests stored after the cursor (0 without one): what a restart forwards first." }),
});
export const cursorInput = z
  .object({ after: z.int().min(0).meta({ description: "Requests after this seq are forwarded next; at most `newest`." }) })
  .meta({ examples: [{ after: 0 }] });

export const feedSchema = z.object({
  requests: z.array(requestDetailSchema),
  nextAfter: z.int().meta({ description: "Pass as `after` next time. When the page reached the end it is past non-matching requests too." }),
  hasMore: z.boolean().meta({ description: "More are waiting: ask again at once." }),
});

export const forwardRecordedSchema = z.object({
  recorded: z.array(z.object({ requestId: z.string(), deliveryId: z.string().meta({ description: "Listed with the request's deliveries (kind `cli`)." }) })),
  missing: z.array(z.string()).meta({ description: "Requests deleted meanwhile: nothing was recorded for them." }),
  cursor: z.int().meta({ description: "The token's cursor on this endpoint now." }),
});

/** The named schemas of the document's components (referenced wherever they appear). */
export const apiComponents = z.registry<{ id: string }>();
for (const [id, schema] of Object.entries({
  Error: errorSchema, Endpoint: endpointSchema, EndpointList: endpointListSchema,
  RequestSummary: requestSummarySchema, RequestDetail: requestDetailSchema, RequestPage: requestPageSchema,
  Cursor: cursorSchema, Feed: feedSchema, ForwardRecorded: forwardRecordedSchema,
})) apiComponents.add(schema, { id });

// Query parameters arrive as strings: coerce, with bounds that become 422s naming the parameter.
export const MAX_WAIT_SECONDS = 30;
export const requestPageQuery = z.object({
  after: z.coerce.number().int().min(0).default(0).meta({ description: "Cursor: return requests with seq above this (0: from the oldest kept)." }),
  limit: z.coerce.number().int().min(1).max(1000).default(100).meta({ description: "Requests per page, 1-1000." }),
  wait: z.coerce.number().int().min(0).max(MAX_WAIT_SECONDS).default(0)
    .meta({ description: "Long-poll: when nothing newer than `after` exists yet, hold the request up to this many seconds and answer as soon as something arrives." }),
  q: z.string().max(4000).default("").meta({ description: "Search query, the dashboard's language (e.g. `method:POST body.type:charge.succeeded`)." }),
});

export const feedQuery = z.object({
  after: requestPageQuery.shape.after,
  limit: z.coerce.number().int().min(1).max(100).default(50).meta({ description: "Requests per page, 1-100 (and at most 8 MiB of bodies)." }),
  q: requestPageQuery.shape.q,
});
