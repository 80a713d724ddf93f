// The fan-out baseline (live_fanout): a bare node:http event-stream broadcaster with nothing of
// ours in it, no sign-in, database, replay or shared writes. GET subscribes (headers and a
// preamble, like ours), POST reads its body, numbers it and writes one event frame, in the same
// format as ours, to every subscriber with res.write, then answers with its id (POSTs to any
// other path than /in only get an answer: the sender's warm-up).
import { createServer, type ServerResponse } from "node:http";

const port = Number(process.env.PORT ?? 0);
const subscribers = new Set<ServerResponse>();
let seq = 0;
createServer((req, res) => {
  if (req.method === "GET") {
    res.useChunkedEncodingByDefault = false; // close-delimited, as ours
    res.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform" });
    res.write("retry: 1000\n: connected\n\n");
    subscribers.add(res);
    res.once("close", () => subscribers.delete(res));
    return;
  }
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    if (req.url !== "/in") return void res.end('{"ok":true}');
    const size = Buffer.concat(chunks).length;
    const id = `bare${++seq}`;
    const request = { id, seq, method: req.method, path: req.url, query: "", size, contentType: req.headers["content-type"] ?? null, ip: "127.0.0.1", receivedAt: new Date().toISOString() };
    const frame = `id: ${seq}\nevent: request\ndata: ${JSON.stringify({ type: "request", request })}\n\n`;
    for (const s of subscribers) s.write(frame);
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ ok: true, id }));
  });
}).listen(port, "127.0.0.1", function (this: import("node:net").Server) {
  console.log(`listening on ${(this.address() as import("node:net").AddressInfo).port}`);
});
