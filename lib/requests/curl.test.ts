import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { toCurl } from "./curl";
import type { RequestDetailDto } from "./present";

const endpoint = "http://localhost:3000/h/abc";

function detail(over: Partial<RequestDetailDto> & { body?: Uint8Array | string } = {}): RequestDetailDto {
  const { body = "", ...rest } = over;
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  let bodyText: string | null = null;
  try {
    bodyText = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    bodyText = null;
  }
  return {
    id: "r1", seq: 7, method: "POST", path: "/", query: "", size: bytes.length, contentType: null,
    ip: "127.0.0.1", receivedAt: "2025-01-02T03:04:05.678Z", signatureStatus: "none", duplicateOf: null, duplicateOfSeq: null, headers: [],
    bodyBase64: Buffer.from(bytes).toString("base64"), bodyText, ...rest,
  };
}

describe("toCurl", () => {
  it("GET with a query, no body, default curl headers suppressed", () => {
    const r = toCurl(detail({ method: "GET", path: "/a/b%20c", query: "x=1&x=2", headers: [["Host", "localhost:3000"], ["User-Agent", "Stripe/1.0"]] }), endpoint);
    expect(r).toEqual({
      command: "curl -X GET 'http://localhost:3000/h/abc/a/b%20c?x=1&x=2' \\\n  -H 'User-Agent: Stripe/1.0' \\\n  -H 'Accept:'",
    });
  });

  it("keeps duplicate headers in order, escapes single quotes, skips hop headers", () => {
    const r = toCurl(detail({
      headers: [["X-A", "1"], ["Content-Length", "5"], ["x-a", "it's"], ["Transfer-Encoding", "chunked"], ["Content-Type", "text/plain"], ["User-Agent", "u"], ["Accept", "*/*"]],
      body: "it's",
    }), endpoint);
    expect(r.command).toBe([
      "curl -X POST 'http://localhost:3000/h/abc'",
      "-H 'X-A: 1'",
      "-H 'x-a: it'\\''s'",
      "-H 'Content-Type: text/plain'",
      "-H 'User-Agent: u'",
      "-H 'Accept: */*'",
      "--data-binary 'it'\\''s'",
    ].join(" \\\n  "));
    expect(r.bodyFile).toBeUndefined();
  });

  it("multi-line text bodies stay in single quotes; control chars switch to $'...'", () => {
    expect(toCurl(detail({ body: '{\n  "a": 1\n}' }), endpoint).command).toContain("--data-binary '{\n  \"a\": 1\n}'");
    expect(toCurl(detail({ body: "a\r\nb\t'c'\\!é" }), endpoint).command).toContain("--data-binary $'a\\x0d\\x0ab\\x09\\'c\\'\\\\\\x21é'");
  });

  it("binary body goes to a file", () => {
    const r = toCurl(detail({ seq: 12, body: new Uint8Array([0, 0xff, 0x10]), headers: [["Content-Type", "application/octet-stream"]] }), endpoint);
    expect(r.bodyFile).toEqual({ name: "body-12.bin", base64: "AP8Q", reason: "binary" });
    expect(r.command.endsWith("--data-binary @body-12.bin")).toBe(true);
  });

  it("text with NUL also goes to a file", () => {
    expect(toCurl(detail({ body: "a\0b" }), endpoint).bodyFile).toEqual({ name: "body-7.bin", base64: "YQBi", reason: "binary" });
  });

  it("a large text body goes to a file named for its kind, not as binary", () => {
    const big = JSON.stringify({ items: Array.from({ length: 20_000 }, (_, i) => ({ i, note: "x" })) }); // over 300 KB, like the body
    expect(big.length).toBeGreaterThan(300_000);
    const r = toCurl(detail({ seq: 3, body: big, contentType: "application/json", headers: [["Content-Type", "application/json"]] }), endpoint);
    expect(r.bodyFile).toMatchObject({ name: "body-3.json", reason: "large" });
    expect(r.command.endsWith("--data-binary @body-3.json")).toBe(true);
    expect(toCurl(detail({ seq: 4, body: "<a/>".repeat(20_000), contentType: "application/xml" }), endpoint).bodyFile).toMatchObject({ name: "body-4.xml", reason: "large" });
  });

  it("empty body: no --data-binary and no Content-Type suppression", () => {
    const r = toCurl(detail({ method: "DELETE", headers: [["User-Agent", "u"], ["Accept", "a"]] }), endpoint);
    expect(r.command).toBe("curl -X DELETE 'http://localhost:3000/h/abc' \\\n  -H 'User-Agent: u' \\\n  -H 'Accept: a'");
  });

  it("HEAD uses --head; latin1 header bytes and empty values", () => {
    const r = toCurl(detail({ method: "HEAD", headers: [["X-Name", "Jos\u00c3\u00a9"], ["X-Empty", ""], ["User-Agent", "u"], ["Accept", "a"]] }), endpoint);
    expect(r.command).toBe("curl --head 'http://localhost:3000/h/abc' \\\n  -H $'X-Name: Jos\\xc3\\xa9' \\\n  -H 'X-Empty;' \\\n  -H 'User-Agent: u' \\\n  -H 'Accept: a'");
  });

  it("globs and dot segments are sent literally", () => {
    const cmd = toCurl(detail({ method: "GET", path: "/a/../b", query: "f[0]={x}" }), endpoint).command;
    expect(cmd.split(" \\\n  ").slice(0, 3)).toEqual(["curl -X GET 'http://localhost:3000/h/abc/a/../b?f[0]={x}'", "--globoff", "--path-as-is"]);
  });

  it("large bodies get Expect suppressed", () => {
    expect(toCurl(detail({ body: "x".repeat(2000), headers: [["Content-Type", "text/plain"]] }), endpoint).command).toContain("-H 'Expect:'");
  });
});

// The real proof: run the command with bash + curl against a server and compare what arrives.
let hasCurl = true;
try {
  execFileSync("curl", ["--version"], { stdio: "ignore" });
} catch {
  hasCurl = false;
}

describe.skipIf(!hasCurl)("toCurl round trip through bash and curl", () => {
  async function replay(d: RequestDetailDto) {
    let got: { method: string; url: string; raw: string[]; body: Buffer } | undefined;
    const server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        got = { method: req.method!, url: req.url!, raw: req.rawHeaders, body: Buffer.concat(chunks) };
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    const dir = mkdtempSync(path.join(tmpdir(), "curl-test-"));
    try {
      const { command, bodyFile } = toCurl(d, `http://127.0.0.1:${port}/h/abc`);
      if (bodyFile) writeFileSync(path.join(dir, bodyFile.name), Buffer.from(bodyFile.base64, "base64"));
      // Run asynchronously: a sync exec would block the event loop the server needs.
      await new Promise<void>((resolve, reject) => {
        import("node:child_process").then(({ execFile }) =>
          execFile("bash", ["-c", `${command} -s -o /dev/null`], { cwd: dir }, (err) => (err ? reject(err) : resolve())),
        );
      });
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
    return got!;
  }

  it("reproduces headers, duplicates, latin1 values and a text body with controls", async () => {
    const d = detail({
      path: "/x/y", query: "a=1&a=2",
      headers: [["X-Dup", "1"], ["X-Dup", "it's \"q\""], ["X-Latin", "caf\u00e9\u00ff"], ["X-Empty", ""], ["Content-Type", "text/plain"]],
      body: "line1\r\nline2\t'!$HOME`id`\\\u200b é",
    });
    const got = await replay(d);
    expect(got.method).toBe("POST");
    expect(got.url).toBe("/h/abc/x/y?a=1&a=2");
    const pairs: [string, string][] = [];
    for (let i = 0; i < got.raw.length; i += 2) pairs.push([got.raw[i], got.raw[i + 1]]);
    expect(pairs.filter(([n]) => n.startsWith("X-") || n === "Content-Type")).toEqual([
      ["X-Dup", "1"], ["X-Dup", "it's \"q\""], ["X-Latin", "caf\u00e9\u00ff"], ["X-Empty", ""], ["Content-Type", "text/plain"],
    ]);
    expect(pairs.map(([n]) => n.toLowerCase())).not.toContain("user-agent");
    expect(pairs.map(([n]) => n.toLowerCase())).not.toContain("accept");
    expect(got.body.equals(Buffer.from(d.bodyBase64, "base64"))).toBe(true);
  });

  it("reproduces a binary body via the body file", async () => {
    const bytes = new Uint8Array(300).map((_, i) => (i * 7) % 256);
    const got = await replay(detail({ body: bytes }));
    expect(got.body.equals(Buffer.from(bytes))).toBe(true);
    expect(got.raw.map((h) => h.toLowerCase())).not.toContain("content-type");
  });
});
