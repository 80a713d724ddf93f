import fs from "node:fs";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, startAppServer, type AppServer } from "./helpers/app-server";
import { signedInClient, type ApiClient } from "./helpers/http-client";
import { parseResponse, sendRaw } from "./helpers/inbound";

/**
 * Issue 9, defects 4 and 10: every route outside /h/ has a body limit enforced while streaming,
 * before authentication; dashboard pages carry security headers; a malformed path is a 400.
 */
let server: AppServer;
let alice: ApiClient;
beforeAll(async () => {
  server = await startAppServer();
  alice = await signedInClient(server.url, "limits@example.com");
});
afterAll(async () => {
  await server.stop();
  await removeDir(server.dataDir);
});

function rssMb(pid: number): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"))!;
  return Number(line.split(/\s+/)[1]) / 1024;
}

/**
 * Streams a chunked body of up to `maxBytes` in 64 KiB chunks, as fast as the server reads it, and
 * returns the server's answer and how much it took before answering / closing.
 */
async function streamChunked(port: number, method: string, target: string, headers: string[], maxBytes: number) {
  const sock = net.connect(port, "127.0.0.1");
  const received: Buffer[] = [];
  let sent = 0;
  let closed = false;
  sock.on("data", (c: Buffer) => received.push(c));
  sock.on("error", () => undefined); // a reset after the server's answer is expected
  const done = new Promise<void>((resolve) => sock.once("close", () => { closed = true; resolve(); }));
  await new Promise<void>((resolve) => sock.once("connect", () => resolve()));
  sock.write([`${method} ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, "Transfer-Encoding: chunked", ...headers, "", ""].join("\r\n"));
  const chunk = Buffer.concat([Buffer.from("10000\r\n"), Buffer.alloc(65536, 0x61), Buffer.from("\r\n")]);
  while (!closed && sent < maxBytes && received.length === 0) {
    if (!sock.write(chunk)) await new Promise((r) => { sock.once("drain", r); sock.once("close", r); });
    sent += 65536;
  }
  if (!closed) sock.end("0\r\n\r\n");
  await done;
  return { response: parseResponse(Buffer.concat(received)), sent };
}

const ROUTES: [string, string][] = [
  ["POST", "/api/users"],
  ["POST", "/api/auth/callback/credentials"],
  ["POST", "/api/endpoints"],
  ["PATCH", "/api/endpoints/some-id"],
  ["POST", "/api/account/password"],
  ["POST", "/signin"],
];

describe("body limits outside /h/", () => {
  it.each(ROUTES)("%s %s: a declared oversize body is refused with 413 before any of it is read", async (method, path) => {
    const res = await sendRaw(server.port, method, path, [["Content-Type", "application/json"], ["Cookie", alice.cookieHeader()], ["Content-Length", String(2 * 1024 ** 3)]]);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body.toString()).error.code).toBe("payload_too_large");
  });

  it("streams of 256 MiB to every route are cut off with 413 while server memory stays bounded", async () => {
    const pid = server.child.pid!;
    const before = rssMb(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
    try {
      for (const [method, path] of ROUTES) {
        const { response, sent } = await streamChunked(server.port, method, path, ["Content-Type: application/json", `Cookie: ${alice.cookieHeader()}`], 256 * 1024 ** 2);
        expect(response.status, `${method} ${path}`).toBe(413);
        // Answered after the limit plus the 8 MiB the server drains so the sender can read it, plus
        // what the sender writes while the server lingers (reading, see lib/http/lingering-close.ts)
        // before this loop sees the answer: 18 MiB measured under full-suite load, far from 256.
        expect(sent, `${method} ${path}`).toBeLessThan(48 * 1024 ** 2);
      }
    } finally {
      clearInterval(sampler);
    }
    expect(peak - before).toBeLessThan(64);
  });

  it("still accepts chunked JSON bodies within the limit", async () => {
    const body = JSON.stringify({ name: "chunked" });
    const sock = net.connect(server.port, "127.0.0.1");
    const received: Buffer[] = [];
    sock.on("data", (c: Buffer) => received.push(c));
    await new Promise<void>((r) => sock.once("connect", () => r()));
    sock.write(
      [`POST /api/endpoints HTTP/1.1`, `Host: 127.0.0.1:${server.port}`, "Transfer-Encoding: chunked", "Content-Type: application/json", `Cookie: ${alice.cookieHeader()}`, "Connection: close", "", ""].join("\r\n") +
        `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
    );
    await new Promise((r) => sock.once("close", r));
    const res = parseResponse(Buffer.concat(received));
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body.toString()).name).toBe("chunked");
  });
});

describe("dashboard responses", () => {
  it("carry security headers on pages and API answers, with a fresh CSP nonce per page", async () => {
    const pages = await Promise.all([fetch(`${server.url}/signin`), fetch(`${server.url}/signin`)]);
    const csps = pages.map((p) => p.headers.get("content-security-policy") ?? "");
    for (const [i, page] of pages.entries()) {
      expect(page.status).toBe(200);
      expect(page.headers.get("x-frame-options")).toBe("DENY");
      expect(page.headers.get("x-content-type-options")).toBe("nosniff");
      expect(page.headers.get("referrer-policy")).toBe("same-origin");
      expect(csps[i]).toContain("frame-ancestors 'none'");
      const nonce = /'nonce-([^']+)'/.exec(csps[i])![1];
      // Every script Next inlines carries this response's nonce, so the page still runs.
      const html = await page.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
    }
    expect(csps[0]).not.toBe(csps[1]);
    const api = await alice.request("GET", "/api/endpoints");
    expect(api.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers a malformed percent-encoding in a page path with 400, not 500", async () => {
    const res = await sendRaw(server.port, "GET", "/endpoints/%E0%A4%A", [["Cookie", alice.cookieHeader()]]);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString()).error.code).toBe("bad_request");
  });
});
