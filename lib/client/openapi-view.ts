/**
 * Reading our OpenAPI 3.1 document (GET /api/v1/openapi.json, lib/api/v1/openapi.ts) for the API
 * reference page: operations in document order, and JSON Schemas as short type labels and
 * constraint phrases. Covers the JSON Schema our zod schemas produce (objects, arrays, tuples,
 * nullable type lists, unions, enums, refs), not every schema OpenAPI allows.
 */
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  contentMediaType?: string;
};

type Header = { description?: string; schema?: JsonSchema };
type Response = { description: string; headers?: Record<string, Header>; content?: Record<string, { schema: JsonSchema }> };
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: JsonSchema };
type Operation = { summary?: string; description?: string; operationId?: string; parameters?: Parameter[]; responses: Record<string, Response> };

export type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string; description?: string };
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema>; securitySchemes?: Record<string, { type: string; scheme?: string; description?: string }> };
};

export type OperationView = {
  /** A stable anchor for links to it. */
  anchor: string;
  method: string;
  path: string;
  summary: string;
  description?: string;
  parameters: Parameter[];
  responses: { status: string; description: string; headers: [string, Header][]; content: [string, JsonSchema][] }[];
};

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Every operation, path by path in the document's order. */
export function operationsOf(doc: OpenApiDocument): OperationView[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({
        anchor: `op-${op.operationId ?? `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, "-")}`,
        method: method.toUpperCase(),
        path,
        summary: op.summary ?? "",
        description: op.description,
        parameters: op.parameters ?? [],
        responses: Object.entries(op.responses).map(([status, r]) => ({
          status,
          description: r.description,
          headers: Object.entries(r.headers ?? {}),
          content: Object.entries(r.content ?? {}).map(([type, c]) => [type, c.schema] as [string, JsonSchema]),
        })),
      })),
  );
}

/** "#/components/schemas/RequestPage" -> "RequestPage" (null for refs outside the document's schemas). */
export function refName(ref: string): string | null {
  const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
  return m ? decodeURIComponent(m[1]) : null;
}

export const schemaAnchor = (name: string) => `schema-${name.replace(/[^A-Za-z0-9_-]+/g, "-")}`;

/** A type label in pieces: plain text, or a named schema the page links to. */
export type TypePart = { text: string } | { ref: string };

export function typeParts(s: JsonSchema): TypePart[] {
  if (s.$ref) {
    const name = refName(s.$ref);
    return [name ? { ref: name } : { text: s.$ref }];
  }
  const union = s.anyOf ?? s.oneOf;
  if (union) return join(union.map(typeParts), " | ");
  if (s.const !== undefined) return [{ text: JSON.stringify(s.const) }];
  if (s.enum) return [{ text: s.enum.map((v) => JSON.stringify(v)).join(" | ") }];
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (!types.length) return [{ text: "any" }];
  return join(types.map((t) => one(t, s)), " | ");
}

function one(type: string, s: JsonSchema): TypePart[] {
  if (type === "array") {
    if (s.prefixItems) return [{ text: "[" }, ...join(s.prefixItems.map(typeParts), ", "), { text: "]" }];
    return s.items ? [{ text: "array of " }, ...typeParts(s.items)] : [{ text: "array" }];
  }
  if (type === "string" && s.format) return [{ text: `string (${s.format})` }];
  if (type === "string" && s.contentMediaType) return [{ text: `bytes (${s.contentMediaType})` }];
  return [{ text: type }];
}

function join(groups: TypePart[][], separator: string): TypePart[] {
  return groups.flatMap((g, i) => (i === 0 ? g : [{ text: separator }, ...g]));
}

/** The type label as plain text (for tests and titles). */
export const typeText = (s: JsonSchema) => typeParts(s).map((p) => ("ref" in p ? p.ref : p.text)).join("");

// zod writes JavaScript's safe-integer range on every integer: no limit a reader needs to see.
const UNBOUNDED = Number.MAX_SAFE_INTEGER;

/** What the schema allows besides its type, in short phrases: "default 100", "1-1000", "at most 4000 characters". */
export function constraintsOf(s: JsonSchema): string[] {
  const out: string[] = [];
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  const min = s.minimum !== undefined && Math.abs(s.minimum) < UNBOUNDED ? s.minimum : undefined;
  const max = s.maximum !== undefined && Math.abs(s.maximum) < UNBOUNDED ? s.maximum : undefined;
  if (min !== undefined && max !== undefined) out.push(`${min}-${max}`);
  else if (min !== undefined) out.push(`at least ${min}`);
  else if (max !== undefined) out.push(`at most ${max}`);
  if (s.minLength !== undefined && s.minLength > 0) out.push(`at least ${s.minLength} characters`);
  if (s.maxLength !== undefined) out.push(`at most ${s.maxLength} characters`);
  if (s.minItems !== undefined && s.minItems > 0 && !s.prefixItems) out.push(`at least ${s.minItems} items`);
  if (s.maxItems !== undefined && !s.prefixItems) out.push(`at most ${s.maxItems} items`);
  // A format already says it; zod's date-time pattern would only be noise.
  if (s.pattern && !s.format) out.push(`matches ${s.pattern}`);
  return out;
}

/** An object's properties in order, each with whether it is required. */
export function propertiesOf(s: JsonSchema): { name: string; schema: JsonSchema; required: boolean }[] {
  return Object.entries(s.properties ?? {}).map(([name, schema]) => ({ name, schema, required: s.required?.includes(name) ?? false }));
}

/** Text with `code` spans, as the document's descriptions are written (a small part of Markdown). */
export function codeSpans(text: string): { code: boolean; text: string }[] {
  return text.split("`").map((t, i) => ({ code: i % 2 === 1, text: t })).filter((p) => p.text !== "");
}
