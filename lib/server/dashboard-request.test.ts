import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config/env";
import { createInboundHostRule } from "./dashboard-request";

let server: Server | undefined;
afterEach(() => server?.close());

/** A server that applies the rule and answers 204 to what it lets through; returns (host) => status. */
async function serveWith(env: Record<string, string>) {
  const refused = createInboundHostRule(loadConfig(env));
  server = createServer((req, res) => refused(req, res) || res.writeHead(204).end());
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  // node:http, not fetch: fetch sends its own Host.
  return (host: string) =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      request({ port, path: "/api/endpoints/x/stream", headers: { host } }, (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null }));
      }).on("error", reject).end();
    });
}

describe("createInboundHostRule", () => {
  it("answers 404 on the inbound-only host and lets the dashboard's hosts through", async () => {
    const get = await serveWith({ PUBLIC_URL: "https://inbox.example.com", INBOUND_PUBLIC_URL: "https://hooks.example.com" });
    expect(await get("hooks.example.com")).toEqual({ status: 404, body: { error: { code: "not_found", message: expect.stringContaining("inbound webhook URLs") } } });
    expect((await get("inbox.example.com")).status).toBe(204);
    expect((await get("127.0.0.1")).status).toBe(204);
  });

  it("refuses nothing without INBOUND_PUBLIC_URL, or when it names the dashboard's own host", async () => {
    expect((await (await serveWith({}))("hooks.example.com")).status).toBe(204);
    server!.close();
    const same = await serveWith({ PUBLIC_URL: "https://inbox.example.com", INBOUND_PUBLIC_URL: "https://inbox.example.com" });
    expect((await same("inbox.example.com")).status).toBe(204);
  });
});
