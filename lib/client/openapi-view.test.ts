import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/api/v1/openapi";
import { v1Routes } from "@/lib/api/v1/routes";
import { codeSpans, constraintsOf, operationsOf, propertiesOf, refName, typeParts, typeText, type OpenApiDocument } from "./openapi-view";

// The document the server serves, built the same way (lib/api/index.ts).
const doc = openApiDocument(v1Routes({ pollIntervalSeconds: 4 }), { version: "test" }) as OpenApiDocument;

describe("reading our OpenAPI document", () => {
  it("lists every operation of every path, in order, with unique anchors", () => {
    const ops = operationsOf(doc);
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(v1Routes({ pollIntervalSeconds: 4 }).map((r) => `${r.method} ${r.path}`));
    expect(new Set(ops.map((o) => o.anchor)).size).toBe(ops.length);
    const page = ops.find((o) => o.method === "GET" && o.path === "/api/v1/endpoints/{id}/requests")!;
    expect(page.anchor).toBe("op-listEndpointRequests");
    expect(page.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(["path:id", "query:after", "query:limit", "query:wait", "query:q", "header:If-None-Match"]);
    expect(page.responses.map((r) => r.status)).toEqual(["200", "304", "401", "404", "422", "429"]);
    const ok = page.responses[0];
    expect(ok.headers.map(([name]) => name)).toEqual(expect.arrayContaining(["ETag", "RateLimit-Remaining", "Link"]));
    expect(ok.content.map(([type, schema]) => [type, typeText(schema)])).toEqual([["application/json", "RequestPage"]]);
  });

  it("labels types: refs to link, arrays, tuples, nullable, formats, raw bytes", () => {
    const schemas = doc.components!.schemas!;
    const detail = Object.fromEntries(propertiesOf(schemas.RequestDetail).map((p) => [p.name, p]));
    expect(typeText(detail.headers.schema)).toBe("array of [string, string]");
    expect(typeText(detail.contentType.schema)).toBe("string | null");
    expect(typeText(detail.receivedAt.schema)).toBe("string (date-time)");
    expect(detail.bodyText.required).toBe(true);
    expect(propertiesOf(schemas.Error.properties!.error).map((p) => [p.name, p.required])).toEqual([["code", true], ["message", true], ["field", false]]);
    expect(typeParts(schemas.EndpointList.properties!.endpoints)).toEqual([{ text: "array of " }, { ref: "Endpoint" }]);
    const raw = operationsOf(doc).find((o) => o.path.endsWith("/raw"))!.responses[0].content[0][1];
    expect(typeText(raw)).toBe("bytes (application/octet-stream)");
    expect(typeText({ anyOf: [{ $ref: "#/components/schemas/A" }, { type: "null" }] })).toBe("A | null");
    expect(typeText({ enum: ["hex", "base64"] })).toBe('"hex" | "base64"');
    expect(refName("#/components/schemas/Request%20Page")).toBe("Request Page");
    expect(refName("https://example.com/x.json")).toBeNull();
  });

  it("states the constraints a caller must know, not zod's safe-integer bounds or date-time pattern", () => {
    const params = Object.fromEntries(operationsOf(doc)[1].parameters.map((p) => [p.name, p.schema!]));
    expect(constraintsOf(params.limit)).toEqual(["default 100", "1-1000"]);
    expect(constraintsOf(params.after)).toEqual(["default 0", "at least 0"]);
    expect(constraintsOf(params.q)).toEqual(['default ""', "at most 4000 characters"]);
    const summary = Object.fromEntries(propertiesOf(doc.components!.schemas!.RequestSummary).map((p) => [p.name, p.schema]));
    expect(constraintsOf(summary.seq)).toEqual([]);
    expect(constraintsOf(summary.receivedAt)).toEqual([]);
    expect(constraintsOf({ type: "string", pattern: "^whi_" })).toEqual(["matches ^whi_"]);
  });

  it("splits descriptions into text and code spans", () => {
    expect(codeSpans("Pass `nextAfter` as `after`.")).toEqual([
      { code: false, text: "Pass " }, { code: true, text: "nextAfter" }, { code: false, text: " as " }, { code: true, text: "after" }, { code: false, text: "." },
    ]);
  });
});
