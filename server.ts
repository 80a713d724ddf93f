import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import next from "next";
import { handleInbound, rejectTooLarge } from "@/lib/capture/handle-inbound";
import { startCapture } from "@/lib/capture";
import { parseInboundTarget } from "@/lib/capture/inbound-target";
import { handleClientError } from "@/lib/capture/unknown-method";
import { configureConnection, getPrisma } from "@/lib/db/client";
import { startForwarding } from "@/lib/forwarding";
import { API_PREFIX, startApi } from "@/lib/api";
import { createDashboardGate } from "@/lib/server/dashboard-request";
import { prepare } from "@/lib/server/prepare";

// Custom server: the inbound capture fast path (/h/<slug>) is handled here before Next's router;
// everything else goes to Next. See README "Architecture".
const root = process.cwd();
const config = prepare(root);
const dev = config.NODE_ENV === "development";

await configureConnection(getPrisma(), config.SQLITE_SYNCHRONOUS);

const app = next({ dev, dir: root, hostname: config.HOST, port: config.PORT });
const handle = app.getRequestHandler();
await app.prepare();

const inbound = startCapture(config);
const forwarding = await startForwarding(config, inbound.writer);
const gate = createDashboardGate(config);
const api = startApi(config, process.env.npm_package_version ?? "0.1.0");

function dispatch(req: IncomingMessage, res: ServerResponse) {
  const target = parseInboundTarget(req.url);
  if (target) return void handleInbound(inbound, req, res, target);
  // The pull API is token-only (no cookies, so no CSRF) and GET-only: served here, not by Next.
  if (req.url?.startsWith(API_PREFIX)) return void api.handle(req, res);
  // Half-open is for the inbound path only (see below). Everything else keeps Node's default, a
  // client's FIN ends its request, which is also how an SSE stream learns that its browser left.
  const onEnd = () => req.socket.destroy();
  req.socket.once("end", onEnd);
  res.once("close", () => req.socket.off("end", onEnd));
  void gate(req, res).then((checked) => checked && handle(checked, res));
}

const server = createServer(dispatch);
// Senders that half-close after their request (`printf ... | nc`, some HTTP/1.0 clients) must still
// get the answer: by default Node aborts such a request as soon as the FIN arrives, which would
// drop the response of a request we had already stored.
// (An undocumented but long-standing http.Server property; not in @types/node.)
Object.assign(server, { httpAllowHalfOpen: true });
// "Expect: 100-continue": refuse an oversize upload before the sender transmits it.
server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
  if (parseInboundTarget(req.url) && Number(req.headers["content-length"]) > config.MAX_BODY_BYTES) {
    return rejectTooLarge(req, res, config.MAX_BODY_BYTES, { drain: false });
  }
  res.writeContinue();
  dispatch(req, res);
});
// Methods Node's parser does not know (`FOO`) reach the inbound path through our own parser.
server.on("clientError", (err: Error, socket: import("node:net").Socket) =>
  handleClientError(err, socket, (url) => parseInboundTarget(url) !== null, dispatch),
);
server.listen(config.PORT, config.HOST, () => {
  console.log(`Webhook Inbox listening on http://localhost:${config.PORT} (database ${config.databaseFile})`);
});

function shutdown(signal: string) {
  console.log(`${signal}: shutting down`);
  forwarding.stop();
  void api.stop();
  server.close(() => process.exit(0));
  // Open SSE streams would keep close() waiting forever.
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
