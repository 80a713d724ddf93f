import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { v1Routes } from "@/lib/api/v1/routes";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";
import { signedInClient } from "./helpers/http-client";
import { sendRaw } from "./helpers/inbound";

/**
 * The OpenAPI document is valid OpenAPI 3.1, documents every v1 route, and every documented
 * operation, called for real, answers a status it documents with a body its schema describes.
 */
type Operation = {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: { "application/json": { schema: { examples?: unknown[] } } } };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
};
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, object> } };

let server: AppServer;
let doc: Doc;
let auth: Record<string, string>;
let ids: Record<string, string>;
beforeAll(async () => {
  server = await startAppServer();
  const alice = await signedInClient(server.url, "openapi@example.com");
  const ep = (await alice.json("POST", "/api/endpoints", { name: "doc" })).body;
  const rid = JSON.parse((await sendRaw(server.port, "POST", `/h/${ep.slug}/x`, [["Content-Type", "application/json"]], '{"a":1}')).body.toString()).id;
  auth = { authorization: `Bearer ${(await alice.json("POST", "/api/tokens", { name: "doc" })).body.token}` };
  ids = { id: ep.id, rid };
  doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
});
afterAll(async () => {
  await server.stop();
  await removeDir(server.dataDir);
});

describe("/api/v1/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe("3.1.0");
  });

  it("documents exactly the routes the server serves", () => {
    const served = v1Routes({ pollIntervalSeconds: 1 }).map((r) => `${r.method} ${r.path}`).sort();
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort();
    expect(documented).toEqual(served);
  });

  it("answers every documented operation with a documented status and a body its schema describes", async () => {
    const ajv = new Ajv2020({ strict: false });
    for (const [id, schema] of Object.entries(doc.components.schemas)) ajv.addSchema(schema, `#/components/schemas/${id}`);
    const validate = (schema: object, body: unknown, where: string) => {
      const check = ajv.compile({ $defs: {}, ...schema });
      expect(check(body), `${where}: ${JSON.stringify(check.errors)}`).toBe(true);
    };
    // Each operation twice: as documented (success) and on a request id that does not exist (an error).
    for (const [template, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops).sort(([a], [b]) => (a === "delete" ? 1 : b === "delete" ? -1 : 0))) {
        for (const variant of ["real", "missing"] as const) {
          const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => (variant === "missing" && name === "rid" ? "00000000-0000-7000-8000-000000000000" : ids[name]));
          // A body as the document's own example gives it.
          const example = op.requestBody?.content["application/json"].schema.examples?.[0];
          expect(!op.requestBody || example !== undefined, `${method} ${template} documents a body without an example`).toBe(true);
          const body = example === undefined ? {} : { body: JSON.stringify(example), headers: { ...auth, "content-type": "application/json" } };
          const res = await fetch(server.url + path, { method: method.toUpperCase(), headers: auth, ...body });
          const where = `${method.toUpperCase()} ${path}`;
          const documented = op.responses[String(res.status)];
          expect(documented, `${where} answered an undocumented ${res.status}`).toBeDefined();
          const json = documented.content?.["application/json"];
          if (json) validate(json.schema, await res.json(), where);
          else await res.arrayBuffer();
        }
      }
    }
  });

  it("sends 404 for paths it does not document", async () => {
    expect((await fetch(`${server.url}/api/v1/tokens`, { headers: auth })).status).toBe(404);
  });
});
