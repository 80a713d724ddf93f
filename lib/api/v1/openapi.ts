import { z } from "zod";
import type { ApiRoute } from "../router";
import { apiComponents, errorSchema } from "./schemas";

/**
 * The OpenAPI 3.1 document of /api/v1, generated from the route declarations and the zod schemas
 * the handlers parse with (JSON Schema 2020-12, which OpenAPI 3.1 uses as is). Nothing is written
 * by hand, so the document cannot drift from the routes: tests/api-v1.test.ts walks it against the
 * running server.
 */
const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const componentId = (schema: z.ZodType) => apiComponents.get(schema)?.id;

const ERRORS: Record<string, string> = {
  "400": "The body is not valid JSON.",
  "401": "No token, or an unknown or revoked one (`WWW-Authenticate: Bearer`).",
  "403": "The token is read-only.",
  "404": "No such endpoint or request for this token.",
  "413": "The body is too large (256 KiB; 8 MiB for forward reports).",
  "415": "The body is not sent as `Content-Type: application/json`.",
  "422": "A parameter or body field is out of range or malformed; `error.field` names it.",
  "429": "The token's hourly budget is spent; `Retry-After` says for how long.",
};

export function openApiDocument(routes: ApiRoute[], info: { version: string; serverUrl?: string }) {
  // Each component comes with $schema and an $id naming its own location: OpenAPI 3.1 has the
  // dialect already and a fragment $id is not allowed in 2020-12, so both go.
  const components = Object.fromEntries(
    Object.entries(z.toJSONSchema(apiComponents, { uri: (id) => `#/components/schemas/${id}` }).schemas).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema]),
  );
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string" } }));
    const success =
      route.response.status === 204
        ? { "204": { description: route.response.description, headers: rateLimitHeaders(false) } }
        : {
            [String(route.response.status ?? 200)]: {
              description: route.response.description,
              headers: rateLimitHeaders(route.conditional),
              content: route.response.schema
                ? { "application/json": { schema: ref(componentId(route.response.schema) ?? "") } }
                : { [route.response.mediaType ?? "application/octet-stream"]: { schema: { type: "string", contentMediaType: route.response.mediaType ?? "application/octet-stream" } } },
            },
          };
    const responses: Record<string, unknown> = {
      ...success,
      ...(route.conditional ? { "304": { description: "Not modified: the `If-None-Match` ETag still matches. No body.", headers: rateLimitHeaders(false) } } : {}),
      ...Object.fromEntries(
        Object.entries(ERRORS)
          .filter(([status]) => {
            const applies: Record<string, unknown> = {
              "400": route.body, "403": route.write, "404": route.endpoint, "413": route.body, "415": route.body, "422": route.query ?? route.body,
            };
            return status in applies ? Boolean(applies[status]) : true;
          })
          .map(([status, description]) => [status, { description, content: { "application/json": { schema: ref(componentId(errorSchema)!) } } }]),
      ),
    };
    paths[route.path] = {
      ...paths[route.path],
      [route.method.toLowerCase()]: {
        summary: route.summary,
        ...(route.description ? { description: route.description } : {}),
        operationId: route.operationId ?? operationId(route),
        parameters: [...pathParams, ...queryParameters(route.query), ...(route.conditional ? [ifNoneMatch] : [])],
        ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: inputSchema(route.body) } } } } : {}),
        responses,
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Webhook Inbox pull API",
      version: info.version,
      description: "Pull captured webhooks with a personal API token: cursor paging, ETags, long-polling; and what the CLI forwards with (its cursor, the feed, forward reports).",
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    security: [{ bearerAuth: [] }],
    paths,
    components: { schemas: components, securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "A personal API token (whi_...), made on the dashboard's Settings page." } } },
  };
}

const ifNoneMatch = { name: "If-None-Match", in: "header", required: false, schema: { type: "string" }, description: "An ETag from an earlier answer: 304 while it still matches." };

function queryParameters(schema: z.ZodType | undefined) {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: "input" }) as { properties?: Record<string, { description?: string }>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, prop]) => {
    const { description, ...rest } = prop;
    return { name, in: "query", required: json.required?.includes(name) ?? false, ...(description ? { description } : {}), schema: rest };
  });
}

/** A request body as the client may send it: fields with defaults are optional (the components describe answers). */
function inputSchema(schema: z.ZodType) {
  const { $schema: _s, ...json } = z.toJSONSchema(schema, { io: "input" });
  return json;
}

function rateLimitHeaders(conditional = false) {
  const int = { schema: { type: "integer" } };
  return {
    "RateLimit-Limit": { description: "Calls this token may make per hour.", ...int },
    "RateLimit-Remaining": { description: "Calls left this hour.", ...int },
    "RateLimit-Reset": { description: "Seconds until the budget renews.", ...int },
    ...(conditional
      ? {
          ETag: { description: "Strong validator of this answer.", schema: { type: "string" } },
          "X-Poll-Interval": { description: "Seconds to wait between polls, at least.", ...int },
          Link: { description: 'The next page, `<url>; rel="next"`, when more are waiting.', schema: { type: "string" } },
        }
      : {}),
  };
}

/** listEndpointRequests, getEndpointRequest, deleteEndpointRequest, getEndpointRequestRaw, listEndpoints. */
function operationId(route: ApiRoute) {
  const words = route.path.replace("/api/v1/", "").split("/").filter((w) => !w.startsWith("{"));
  const one = route.path.endsWith("}");
  const named = words.map((w, i) => {
    const singular = i < words.length - 1 || one ? w.replace(/s$/, "") : w;
    return singular[0].toUpperCase() + singular.slice(1);
  });
  const verb = route.method === "DELETE" ? "delete" : one || words.at(-1) === "raw" ? "get" : "list";
  return verb + named.join("");
}
