import net from "node:net";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInClient, type ApiClient } from "./helpers/http-client";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";
import { parseResponse } from "./helpers/inbound";

// Methods Node's HTTP parser does not know (FOO, NOTIFY2, ...) against the real server: they must be
// captured like any other method (lib/capture/unknown-method.ts), while every other malformed
// request keeps Node's own 400.

const MAX = 4096;
let server: AppServer;
let client: ApiClient;

beforeAll(async () => {
  server = await startAppServer({ env: { MAX_BODY_BYTES: String(MAX) } });
  client = await signedInClient(server.url, "methods@example.com");
});
afterAll(async () => {
  await server?.stop();
  if (server) await removeDir(server.dataDir);
});

type Endpoint = { id: string; slug: string };
type Detail = { id: string; method: string; path: string; query: string; headers: [string, string][]; bodyBase64: string; size: number; contentType: string | null };

async function newEndpoint(): Promise<Endpoint> {
  return (await client.json("POST", "/api/endpoints", {})).body;
}
async function stored(ep: Endpoint): Promise<{ id: string; method: string }[]> {
  return (await client.json("GET", `/api/endpoints/${ep.id}/requests`)).body.requests;
}
async function detail(ep: Endpoint, id: string): Promise<Detail> {
  return (await client.json("GET", `/api/endpoints/${ep.id}/requests/${id}`)).body;
}

/** Opens a connection, writes each packet (pausing between them), and reads until the server closes. */
async function exchange(...packets: (string | Buffer)[]): Promise<Buffer> {
  const sock = net.connect(server.port, "127.0.0.1");
  const chunks: Buffer[] = [];
  sock.on("data", (c: Buffer) => chunks.push(c));
  sock.on("error", () => undefined); // a reset after the answer still leaves the answer in chunks
  const closed = once(sock, "close");
  await once(sock, "connect");
  for (const [i, p] of packets.entries()) {
    if (i) await sleep(30); // separate TCP segments, so the request arrives in pieces
    if (!sock.destroyed) sock.write(p);
  }
  await closed;
  return Buffer.concat(chunks);
}

const head = (method: string, target: string, lines: string[]) => `${method} ${target} HTTP/1.1\r\n${lines.map((l) => `${l}\r\n`).join("")}\r\n`;

describe("unknown methods on inbound URLs", () => {
  it("stores method, sub-path, query, ordered headers and exact body bytes, then answers and closes", async () => {
    const ep = await newEndpoint();
    const body = Buffer.from([0, 255, 13, 10, 0x80, 0x41]);
    const raw = await exchange(
      Buffer.concat([
        Buffer.from(head("FOO", `/h/${ep.slug}/a/b%20c?x=1&x=2`, ["Host: x", "X-Dup: 1", "x-dup: 2", "Content-Type: application/octet-stream", `Content-Length: ${body.length}`])),
        body,
      ]),
    );
    const res = parseResponse(raw);
    expect(res.status).toBe(200);
    expect(res.headers).toContainEqual(["Connection", "close"]);
    const { id } = JSON.parse(res.body.toString());
    const d = await detail(ep, id);
    expect(d).toMatchObject({ method: "FOO", path: "/a/b%20c", query: "x=1&x=2", contentType: "application/octet-stream", size: body.length });
    expect(d.headers).toEqual([["Host", "x"], ["X-Dup", "1"], ["x-dup", "2"], ["Content-Type", "application/octet-stream"], ["Content-Length", String(body.length)]]);
    expect(Buffer.from(d.bodyBase64, "base64").equals(body)).toBe(true);
  });

  it("de-chunks a chunked body that arrives in separate packets", async () => {
    const ep = await newEndpoint();
    const raw = await exchange(
      head("NOTIFY2", `/h/${ep.slug}`, ["Host: x", "Transfer-Encoding: chunked"]),
      "5;ext=1\r\nhello\r\n",
      "6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n",
    );
    const res = parseResponse(raw);
    expect(res.status).toBe(200);
    const d = await detail(ep, JSON.parse(res.body.toString()).id);
    expect(d.method).toBe("NOTIFY2");
    expect(Buffer.from(d.bodyBase64, "base64").toString()).toBe("hello world");
  });

  it("works as the second request of a keep-alive connection", async () => {
    const ep = await newEndpoint();
    const raw = await exchange(
      head("POST", `/h/${ep.slug}/first`, ["Host: x", "Content-Length: 2"]) + "hi",
      head("GET2", `/h/${ep.slug}/second`, ["Host: x"]),
    );
    expect(raw.toString("latin1").match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
    expect((await stored(ep)).map((r) => r.method)).toEqual(["GET2", "POST"]);
  });

  it("honours the endpoint's configured response and Expect: 100-continue", async () => {
    const ep = await newEndpoint();
    await client.json("PATCH", `/api/endpoints/${ep.id}`, { response: { status: 202, headers: [["X-Reply", "yes"]], body: "accepted", delayMs: 0 } });
    const raw = await exchange(head("SUBSCRIBE2", `/h/${ep.slug}`, ["Host: x", "Expect: 100-continue", "Content-Length: 3"]), "abc");
    const text = raw.toString("latin1");
    expect(text.startsWith("HTTP/1.1 100 Continue\r\n\r\n")).toBe(true);
    const res = parseResponse(Buffer.from(text.slice("HTTP/1.1 100 Continue\r\n\r\n".length), "latin1"));
    expect(res.status).toBe(202);
    expect(res.headers).toContainEqual(["X-Reply", "yes"]);
    expect(res.body.toString()).toBe("accepted");
    expect((await stored(ep)).map((r) => r.method)).toEqual(["SUBSCRIBE2"]);
  });

  it("answers 413 over the body limit, declared or chunked, and stores nothing", async () => {
    const ep = await newEndpoint();
    const declared = parseResponse(await exchange(head("FOO", `/h/${ep.slug}`, ["Host: x", `Content-Length: ${MAX + 1}`]) + "x".repeat(MAX + 1)));
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body.toString()).error.code).toBe("payload_too_large");
    const chunk = "x".repeat(1000);
    const chunks = Array.from({ length: 5 }, () => `${(1000).toString(16)}\r\n${chunk}\r\n`);
    const streamed = parseResponse(await exchange(head("FOO", `/h/${ep.slug}`, ["Host: x", "Transfer-Encoding: chunked"]), ...chunks, "0\r\n\r\n"));
    expect(streamed.status).toBe(413);
    expect(await stored(ep)).toEqual([]);
  });

  it("answers 404 JSON for an unknown slug", async () => {
    const res = parseResponse(await exchange(head("FOO", "/h/doesnotexist0000000000000", ["Host: x"])));
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body.toString()).error.code).toBe("not_found");
  });

  it("refuses ambiguous framing and malformed headers with 400, storing nothing", async () => {
    const ep = await newEndpoint();
    for (const lines of [
      ["Host: x", "Content-Length: 3", "Transfer-Encoding: chunked"],
      ["Host: x", "Content-Length: 3", "Content-Length: 4"],
      ["Host: x", "Transfer-Encoding: gzip"],
      ["Host: x", "X-Folded: a", " continued"],
      ["Host: x", "Bad Name: 1"],
    ]) {
      const raw = await exchange(head("FOO", `/h/${ep.slug}`, lines) + "abc");
      expect(raw.toString("latin1").split("\r\n")[0], lines.join(" | ")).toBe("HTTP/1.1 400 Bad Request");
    }
    expect(await stored(ep)).toEqual([]);
  });
});

describe("everything else keeps Node's answers", () => {
  it("an unknown method outside /h/ gets 400 and the connection closes", async () => {
    const raw = await exchange(head("FOO", "/api/endpoints", ["Host: x"]));
    expect(raw.toString("latin1").split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
  });

  it("bytes that are not HTTP get 400", async () => {
    const raw = await exchange("\x16\x03\x01 not http at all\r\n\r\n");
    expect(raw.toString("latin1").split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
  });

  it("an oversized head gets 431", async () => {
    const raw = await exchange(head("GET", "/h/x", ["Host: x", `X-Big: ${"a".repeat(20_000)}`]));
    expect(raw.toString("latin1").split("\r\n")[0]).toBe("HTTP/1.1 431 Request Header Fields Too Large");
  });
});
