import { createHash, createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, startAppServer, freePort, type AppServer } from "./helpers/app-server";
import { runCli, type CliRun } from "./helpers/cli";
import { eventually, pairs, sleep, startTarget, type Target } from "./helpers/forward-target";
import { signedInClient, type ApiClient } from "./helpers/http-client";
import { sendRaw, sentHeaders } from "./helpers/inbound";
import { tempDir } from "./helpers/temp-db";

/**
 * The CLI (`webhook-inbox listen`, cli/bin.mjs) against the real server and a local receiver that
 * records exactly what arrives.
 */
let server: AppServer;
let receiver: Target;
let alice: ApiClient;
let token: string;
let config: string;
const runs: CliRun[] = [];

beforeAll(async () => {
  [server, receiver] = await Promise.all([startAppServer(), startTarget()]);
  alice = await signedInClient(server.url, "cli@example.com");
  token = (await alice.json("POST", "/api/tokens", { name: "laptop" })).body.token;
  config = tempDir("inbox-cli-config-");
});
afterAll(async () => {
  for (const r of runs) await r.stop("SIGKILL");
  await server?.stop();
  removeDir(server.dataDir);
  removeDir(config);
  await receiver?.close();
});

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const FRAMING = new Set(["host", "content-length", "connection", "transfer-encoding", "keep-alive"]);
const PROVENANCE = new Set(["x-forwarded-for", "x-forwarded-host", "idempotency-key", "x-webhook-inbox-request-id"]);
const without = (hs: [string, string][], ...sets: Set<string>[]) => hs.filter(([n]) => !sets.some((s) => s.has(n.toLowerCase())));

async function endpoint(name = "e") {
  return (await alice.json("POST", "/api/endpoints", { name })).body as { id: string; slug: string; url: string };
}
function listen(args: string[], env: Record<string, string> = {}) {
  const run = runCli(["listen", ...args], { XDG_CONFIG_HOME: config, WEBHOOK_INBOX_SERVER: server.url, WEBHOOK_INBOX_TOKEN: token, ...env });
  runs.push(run);
  return run;
}
async function capture(slug: string, sub: string, headers: [string, string][], body: Buffer | string) {
  const res = await sendRaw(server.port, "POST", `/h/${slug}${sub}`, headers, body);
  expect(res.status).toBe(200);
  return JSON.parse(res.body.toString()).id as string;
}
const idsAt = (prefix: string) => receiver.at(prefix).map((r) => r.header("x-webhook-inbox-request-id")!);
const arrived = (prefix: string, n: number, timeoutMs = 20_000) => eventually(() => (receiver.at(prefix).length >= n ? receiver.at(prefix) : undefined), timeoutMs, `${n} at ${prefix}`);

describe("webhook-inbox listen", () => {
  it("forwards JSON, binary and multipart bodies byte for byte with their headers; signatures verify; the dashboard shows the result", async () => {
    const ep = await endpoint("exact");
    const cli = listen([ep.id, "--to", `${receiver.url}/exact`, "--path-passthrough"]);
    await cli.waitFor("(Ctrl-C to stop)");
    receiver.route("/exact", (_req, res) => res.writeHead(201, [["X-Local", "ok"]]).end("stored locally"));

    const key = randomBytes(32);
    const ts = String(Math.floor(Date.now() / 1000));
    const json = Buffer.from(`{ "type" : "invoice.paid",\n  "amount": 4200, "note": "π ✓" }`);
    const sig = `v1,${createHmac("sha256", key).update(`msg_1.${ts}.`).update(json).digest("base64")}`;
    const boundary = "----form7MA4YWxkTrZu0gW";
    const multipart = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="meta"\r\n\r\n{"a":1}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const binary = randomBytes(4096);
    const sent: { headers: [string, string][]; body: Buffer; sub: string }[] = [
      { sub: "/stripe?b=2&a=1", body: json, headers: [["Content-Type", "application/json"], ["webhook-id", "msg_1"], ["webhook-timestamp", ts], ["webhook-signature", sig], ["X-Dup", "1"], ["x-dup", "2"]] },
      { sub: "/upload", body: multipart, headers: [["Content-Type", `multipart/form-data; boundary=${boundary}`], ["User-Agent", "Provider/1.0"]] },
      { sub: "/bin", body: binary, headers: [["Content-Type", "application/octet-stream"], ["Keep-Alive", "timeout=5"], ["X-Empty", ""]] },
    ];
    const ids: string[] = [];
    for (const s of sent) ids.push(await capture(ep.slug, s.sub, s.headers, s.body));
    const got = await arrived("/exact", 3);

    expect(got.map((r) => r.url)).toEqual(["/exact/stripe?b=2&a=1", "/exact/upload", "/exact/bin"]);
    for (const [i, r] of got.entries()) {
      expect(sha256(r.body), sent[i].sub).toBe(sha256(sent[i].body));
      expect(without(pairs(r.rawHeaders), FRAMING, PROVENANCE)).toEqual(without(sentHeaders(server.port, sent[i].headers, sent[i].body), FRAMING));
      expect(r.header("x-webhook-inbox-request-id")).toBe(ids[i]);
      expect(r.method).toBe("POST");
    }
    // The Standard Webhooks signature computed on the original verifies over what arrived.
    const first = got[0];
    const expected = createHmac("sha256", key).update(`${first.header("webhook-id")}.${first.header("webhook-timestamp")}.`).update(first.body).digest("base64");
    expect(first.header("webhook-signature")).toBe(`v1,${expected}`);

    // One readable line per request, and the result on the request in the dashboard.
    await eventually(() => (cli.stdout().split("\n").filter(Boolean).length >= 3 ? true : undefined));
    expect(cli.stdout()).toMatch(/^\d\d:\d\d:\d\d\.\d{3} {2}POST \/stripe\?b=2&a=1 {2}201 {2}\d+ ms$/m);
    const deliveries = await eventually(async () => {
      const d = (await alice.json("GET", `/api/endpoints/${ep.id}/requests/${ids[2]}/deliveries`)).body.deliveries;
      return d.length ? d : undefined;
    });
    expect(deliveries).toEqual([expect.objectContaining({ kind: "cli", state: "succeeded", sent: expect.objectContaining({ url: `${receiver.url}/exact/bin` }) })]);
    expect(deliveries[0].attempts[0]).toMatchObject({ status: 201, responseText: "stored locally", error: null });
    expect(await cli.stop()).toBe(0);
  });

  it("nothing skipped, nothing doubled: stopped mid-stream, more sent, restarted, every request arrives once, in order", async () => {
    const ep = await endpoint("resume");
    receiver.route("/resume", (_req, res) => void setTimeout(() => res.writeHead(200).end(), 3));
    const captured: string[] = [];
    let sending = true;
    const sender = (async () => {
      for (let i = 0; sending || i < 20; i++) {
        captured.push(await capture(ep.slug, `/n/${i}`, [["Content-Type", "application/json"]], JSON.stringify({ i })));
        await sleep(10);
        if (i >= 400) break;
      }
    })();
    // Started while traffic flows: a first start forwards from now on, so find where it began.
    const first = listen([ep.url, "--to", `${receiver.url}/resume`, "--json"]);
    await first.waitFor("(Ctrl-C to stop)");
    await arrived("/resume", 30);
    expect(await first.stop("SIGINT")).toBe(0); // mid-stream: requests keep arriving
    const beforeRestart = idsAt("/resume").length;
    await sleep(500); // ~40 more arrive while it is stopped

    const second = listen([ep.url, "--to", `${receiver.url}/resume`, "--json"]);
    await second.waitFor(/resuming after #\d+, \d+ requests? waiting/);
    sending = false;
    await sender;
    const firstForwarded = idsAt("/resume")[0];
    const expected = captured.slice(captured.indexOf(firstForwarded));
    await arrived("/resume", expected.length);
    await sleep(300); // anything more would be a duplicate
    expect(idsAt("/resume")).toEqual(expected);
    expect(beforeRestart).toBeLessThan(expected.length - 20);
    // --json: one object per request on stdout, in the same order.
    const lines = (first.stdout() + second.stdout()).split("\n").filter(Boolean).map((l) => JSON.parse(l));
    expect(lines.map((l) => l.requestId)).toEqual(expected);
    expect(lines[0]).toMatchObject({ method: "POST", status: 200, error: null, attempts: 1, endpoint: "resume" });
    expect(await second.stop("SIGTERM")).toBe(0);
  }, 60_000);

  it("a first start skips the backlog; --from-now skips one on purpose and says how many", async () => {
    const ep = await endpoint("fresh");
    await capture(ep.slug, "/old", [], "old");
    const cli = listen([ep.id, "--to", `${receiver.url}/fresh`]);
    await cli.waitFor("first start, forwarding requests that arrive from now on");
    const live = await capture(ep.slug, "/new", [], "new");
    await arrived("/fresh", 1);
    expect(await cli.stop()).toBe(0);
    for (let i = 0; i < 3; i++) await capture(ep.slug, "/skipped", [], "x");
    const again = listen([ep.id, "--to", `${receiver.url}/fresh`, "--from-now"]);
    await again.waitFor("--from-now skipped 3 requests waiting");
    const after = await capture(ep.slug, "/after", [], "y");
    await arrived("/fresh", 2);
    expect(idsAt("/fresh")).toEqual([live, after]);
    expect(await again.stop()).toBe(0);
  });

  it("forwards several endpoints at once, only what --filter matches", async () => {
    const [a, b] = [await endpoint("alpha"), await endpoint("beta")];
    const cli = listen([a.id, b.url, "--to", `${receiver.url}/multi`, "--filter", "body.type:charge"]);
    await cli.waitFor("(Ctrl-C to stop)");
    const json: [string, string][] = [["Content-Type", "application/json"]];
    const hits = [await capture(a.slug, "/", json, `{"type":"charge"}`), await capture(b.slug, "/", json, `{"type":"charge"}`)];
    await capture(a.slug, "/", json, `{"type":"refund"}`);
    const later = await capture(a.slug, "/", json, `{"type":"charge"}`);
    await arrived("/multi", 3);
    await sleep(300);
    expect(idsAt("/multi").sort()).toEqual([...hits, later].sort());
    expect(cli.stdout()).toMatch(/\[alpha\] POST \/ {2}200/);
    expect(cli.stdout()).toMatch(/\[beta\] POST \/ {2}200/);
    // The cursor moved past the refund too (alpha's #2): a restart has nothing waiting.
    expect(await cli.stop()).toBe(0);
    const again = listen([a.id, "--to", `${receiver.url}/multi`, "--filter", "body.type:charge"]);
    await again.waitFor("resuming after #3, 0 requests waiting");
    expect(await again.stop()).toBe(0);
  });

  it("retries a local target that refuses, then moves on and reports the request as failed", async () => {
    const ep = await endpoint("refused");
    const closedPort = await freePort();
    const cli = listen([ep.id, "--to", `http://127.0.0.1:${closedPort}/x`, "--retries", "2"]);
    await cli.waitFor("(Ctrl-C to stop)");
    const rid = await capture(ep.slug, "/", [], "x");
    await cli.waitFor(/gave no answer \(connection refused\); trying #1 again in 0\.5 s \(1 of 3 tries\)/);
    await eventually(() => (/failed: connection refused \(3 tries\)/.test(cli.stdout()) ? true : undefined));
    const [d] = await eventually(async () => {
      const list = (await alice.json("GET", `/api/endpoints/${ep.id}/requests/${rid}/deliveries`)).body.deliveries;
      return list.length ? list : undefined;
    });
    expect(d).toMatchObject({ kind: "cli", state: "failed", lastError: "connection refused" });
    expect(d.attempts[0]).toMatchObject({ status: null, error: "connection refused (after 3 tries)" });
    // It moved on: the next request is forwarded (here: tried) too.
    await capture(ep.slug, "/", [], "y");
    await cli.waitFor(/trying #2 again/);
    expect(await cli.stop()).toBe(0);
  });

  it("rides out a server restart: says it is retrying, then forwards what arrived meanwhile, in order", async () => {
    const own = await startAppServer();
    try {
      const bob = await signedInClient(own.url, "restart@example.com");
      const ep = (await bob.json("POST", "/api/endpoints", {})).body;
      const tok = (await bob.json("POST", "/api/tokens", { name: "t" })).body.token;
      const cli = listen([ep.id, "--to", `${receiver.url}/restart`], { WEBHOOK_INBOX_SERVER: own.url, WEBHOOK_INBOX_TOKEN: tok });
      await cli.waitFor("(Ctrl-C to stop)");
      const send = async (server: AppServer, n: number) => {
        const ids = [];
        for (let i = 0; i < n; i++) ids.push(JSON.parse((await sendRaw(server.port, "POST", `/h/${ep.slug}`, [], `${i}`)).body.toString()).id as string);
        return ids;
      };
      const before = await send(own, 3);
      await arrived("/restart", 3);
      await own.stop();
      await cli.waitFor(/cannot reach .*retrying in|lost the live stream/);
      const restarted = await startAppServer({ dataDir: own.dataDir, port: own.port });
      const after = await send(restarted, 3);
      await cli.waitFor("the server answers again", 20_000);
      await arrived("/restart", 6, 30_000);
      expect(idsAt("/restart")).toEqual([...before, ...after]);
      expect(await cli.stop()).toBe(0);
      await restarted.stop();
    } finally {
      removeDir(own.dataDir);
    }
  }, 60_000);

  it("ends with a clear message and its exit code: bad token 3, unknown endpoint 4, server unreachable 5, usage 2", async () => {
    const ep = await endpoint("errors");
    const bad = listen([ep.id, "--to", receiver.url], { WEBHOOK_INBOX_TOKEN: `whi_${"A".repeat(43)}` });
    expect(await bad.exited).toBe(3);
    expect(bad.stderr()).toMatch(/The server refused the token .* Run `webhook-inbox login`/);

    const unknown = listen(["no-such-endpoint", "--to", receiver.url]);
    expect(await unknown.exited).toBe(4);
    expect(unknown.stderr()).toContain(`Unknown endpoint no-such-endpoint: not one this token may use (it may use: `);
    expect(unknown.stderr()).toContain(`${ep.id} (errors)`);

    const down = listen([ep.id, "--to", receiver.url, "--give-up-after", "2"], { WEBHOOK_INBOX_SERVER: `http://127.0.0.1:${await freePort()}` });
    expect(await down.exited).toBe(5);
    expect(down.stderr()).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); retrying in 1 s \(attempt 1\)/);
    expect(down.stderr()).toMatch(/Gave up after \d+ s: cannot reach/);

    const usage = listen([ep.id, "--to", "localhost:4000"]);
    expect(await usage.exited).toBe(2);
    expect(usage.stderr()).toContain("must be an http:// or https:// URL");
  });

  it("login checks the token and keeps it with the server in the user's config directory (mode 0600)", async () => {
    const dir = tempDir("inbox-cli-login-");
    try {
      const refused = runCli(["login", "--server", server.url, "--token", "whi_nope"], { XDG_CONFIG_HOME: dir });
      expect(await refused.exited).toBe(3);
      const ok = runCli(["login", "--server", server.url], { XDG_CONFIG_HOME: dir });
      ok.child.stdin!.end(`${token}\n`);
      expect(await ok.exited).toBe(0);
      const file = path.join(dir, "webhook-inbox", "config.json");
      expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({ server: server.url, token });
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      // listen then needs neither --server nor --token.
      const ep = await endpoint("stored");
      const cli = runCli(["listen", ep.id, "--to", `${receiver.url}/stored`], { XDG_CONFIG_HOME: dir });
      runs.push(cli);
      await cli.waitFor("(Ctrl-C to stop)");
      await capture(ep.slug, "/", [], "z");
      await arrived("/stored", 1);
      expect(await cli.stop()).toBe(0);
    } finally {
      removeDir(dir);
    }
  });
});

