import net from "node:net";

/**
 * Sends one request to the server over a fresh TCP connection with exactly the given header lines
 * (names, case, order and duplicates as written; latin1) and body, then reads the whole response.
 * Host comes first; Content-Length (with a body) and `Connection: close` are appended: see sentHeaders.
 */
export async function sendRaw(
  port: number,
  method: string,
  target: string,
  headers: [string, string][] = [],
  body?: Buffer | string,
): Promise<{ status: number; headers: [string, string][]; body: Buffer }> {
  const bytes = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, "utf8");
  const lines = [`${method} ${target} HTTP/1.1`, ...sentHeaders(port, headers, bytes).map(([n, v]) => `${n}: ${v}`), "", ""];
  const head = Buffer.from(lines.join("\r\n"), "latin1");

  const received = await rawRoundTrip(port, bytes ? Buffer.concat([head, bytes]) : head);
  return parseResponse(received);
}

/**
 * Writes exact bytes on a fresh TCP connection and resolves with everything received until the
 * server closes it (the request must carry Connection: close).
 */
export async function rawRoundTrip(port: number, bytes: Buffer): Promise<Buffer> {
  const sock = net.connect(port, "127.0.0.1");
  const chunks: Buffer[] = [];
  sock.on("data", (c: Buffer) => chunks.push(c));
  await new Promise<void>((resolve, reject) => {
    sock.once("error", reject);
    sock.once("close", () => resolve());
    sock.once("connect", () => sock.write(bytes));
  });
  return Buffer.concat(chunks);
}

/** Status, header pairs and (de-chunked) body of a raw HTTP/1.1 response. */
export function parseResponse(received: Buffer): { status: number; headers: [string, string][]; body: Buffer } {
  const end = received.indexOf("\r\n\r\n");
  if (end === -1) throw new Error(`no response head: ${received.toString("latin1")}`);
  const [statusLine, ...rest] = received.subarray(0, end).toString("latin1").split("\r\n");
  const resHeaders = rest.map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()] as [string, string]);
  let resBody: Buffer = received.subarray(end + 4);
  if (resHeaders.some(([n, v]) => n.toLowerCase() === "transfer-encoding" && v === "chunked")) resBody = dechunk(resBody);
  return { status: Number(statusLine.split(" ")[1]), headers: resHeaders, body: resBody };
}

/** The header lines sendRaw writes, in order: Host, the given ones, Content-Length (with a body), Connection. */
export function sentHeaders(port: number, headers: [string, string][], body: Buffer | string | undefined): [string, string][] {
  return [
    ["Host", `127.0.0.1:${port}`],
    ...headers,
    ...(body === undefined ? [] : [["Content-Length", String(Buffer.byteLength(body))] as [string, string]]),
    ["Connection", "close"],
  ];
}

function dechunk(buf: Buffer): Buffer {
  const out: Buffer[] = [];
  let i = 0;
  for (;;) {
    const lineEnd = buf.indexOf("\r\n", i);
    const size = parseInt(buf.subarray(i, lineEnd).toString("latin1"), 16);
    if (!size) break;
    out.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
    i = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(out);
}

/** Stores a request at /h/<slug><suffix> and returns its id; fails unless the inbox answered 200. */
export async function capture(
  port: number,
  slug: string,
  method: string,
  suffix = "",
  headers: [string, string][] = [],
  body?: Buffer | string,
): Promise<string> {
  const res = await sendRaw(port, method, `/h/${slug}${suffix}`, headers, body);
  if (res.status !== 200) throw new Error(`capture ${method} ${suffix} -> ${res.status} ${res.body.toString()}`);
  return (JSON.parse(res.body.toString()) as { id: string }).id;
}

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}
