// The forwarding benchmark's receiver, in a process of its own so that its arrival timestamps are
// not delayed by the load generator's event loop. Answers 200 at once; on "report" it sends back
// every Idempotency-Key it saw with the arrival times (ms since epoch, same clock as the parent).
import { createServer } from "node:http";

const seen: Record<string, number[]> = {};
const server = createServer((req, res) => {
  const at = performance.timeOrigin + performance.now();
  const id = req.headers["idempotency-key"] as string;
  (seen[id] ??= []).push(at);
  req.resume();
  req.on("end", () => res.end("ok"));
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  process.send!({ port: (server.address() as import("node:net").AddressInfo).port });
});
process.on("message", (msg) => {
  if (msg === "report") process.send!({ seen });
});
