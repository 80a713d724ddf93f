import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import next from "next";
import { handleInbound, rejectTooLarge, tooLargeDetail } from "@/lib/capture/handle-inbound";
import { startCapture } from "@/lib/capture";
import { parseInboundTarget } from "@/lib/capture/inbound-target";
import { describeRefused } from "@/lib/capture/rejections";
import { handleClientError } from "@/lib/capture/unknown-method";
import { configureConnection, getPrisma } from "@/lib/db/client";
import { startLiveStreams } from "@/lib/events/live-stream";
import { openStreams } from "@/lib/events/open-streams";
import { startForwarding } from "@/lib/forwarding";
import { API_PREFIX, startApi } from "@/lib/api";
import { runningExperiments } from "@/lib/experiments/registry";
import { failInterrupted } from "@/lib/experiments/store";
import { pushLatencyRecorder } from "@/lib/latency/recorder";
import { countDeliveriesByState } from "@/lib/forwarding/deliveries";
import { log, withRequestId } from "@/lib/log/logger";
import { requestIdFor } from "@/lib/log/request-id";
import { metrics } from "@/lib/ops/metrics";
import { observeRequest } from "@/lib/ops/observe-request";
import { createReadiness } from "@/lib/ops/readiness";
import { postgresProbe, sqliteProbe } from "@/lib/db/probe";
import { store } from "@/lib/db/store";
import { opsRoutes } from "@/lib/ops/routes";
import { createDashboardGate, createInboundHostRule } from "@/lib/server/dashboard-request";
import { createBulkReplays } from "@/lib/replay";
import { prepare } from "@/lib/server/prepare";
import { joinCluster } from "@/lib/server/cluster";
import { setSelfUrl } from "@/lib/server/self-url";
import { tokenCache } from "@/lib/tokens/resolve";
import { createShutdown, onShutdownSignals } from "@/lib/server/shutdown";

// Custom server: the inbound capture fast path (/h/<slug>) is handled here before Next's router;
// everything else goes to Next. See README "Architecture".
const root = process.cwd();
const config = await prepare(root);
const dev = config.NODE_ENV === "development";

await configureConnection(getPrisma(), config.SQLITE_SYNCHRONOUS);
await failInterrupted(); // experiments a previous process was running when it died

const app = next({ dev, dir: root, hostname: config.HOST, port: config.PORT });
const handle = app.getRequestHandler();
await app.prepare();

const inbound = startCapture(config);
// Bulk replays wait for each delivery's answer before releasing the next (strict order).
const replays = createBulkReplays();
const forwarding = await startForwarding(config, inbound.writer, { onDeliveryChanged: (_endpointId, id) => replays.deliveryChanged(id) });
await replays.start();
// Several instances on one PostgreSQL database hear of each other's captures, edits, revocations
// and deliveries (LISTEN/NOTIFY); one SQLite instance needs none of it.
const cluster =
  config.databaseKind === "postgres"
    ? await joinCluster(config.DATABASE_URL, config.DATABASE_NOTIFY, { writer: inbound.writer, engine: forwarding, endpoints: inbound.endpoints, tokens: tokenCache() })
    : null;
const gate = createDashboardGate(config);
const api = startApi(config, process.env.npm_package_version ?? "0.1.0");
const live = startLiveStreams({
  refuseHost: createInboundHostRule(config),
  onDrop: (endpointId, unsentBytes) => {
    metrics().sseDropped();
    log().info({ endpointId, unsentBytes }, "live stream dropped: its client stopped reading (it resumes when it reconnects)");
  },
});
pushLatencyRecorder().start(getPrisma);
const readiness = createReadiness({
  probe: config.databaseFile ? sqliteProbe(config.databaseFile) : postgresProbe(config.DATABASE_URL),
  migrationsDir: path.join(root, "prisma", ...(config.databaseFile ? [] : ["postgres"]), "migrations"),
  writer: inbound.writer,
});
metrics().watch({ sseSubscribers: () => openStreams().size, deliveriesByState: countDeliveriesByState });
// Health and metrics on any host, before the dashboard gate: load balancers probe whatever host they use.
const ops = opsRoutes({ readiness, metrics: metrics(), metricsToken: config.METRICS_TOKEN });

function dispatch(req: IncomingMessage, res: ServerResponse) {
  if (shutdown.draining) res.shouldKeepAlive = false; // answers during shutdown close their connection
  const target = parseInboundTarget(req.url);
  if (target) return void handleInbound(inbound, req, res, target);
  if (ops(req, res)) return;
  const reqId = requestIdFor(req, config.TRUST_PROXY);
  res.setHeader("X-Request-Id", reqId);
  observeRequest(req, res, reqId, { metrics: metrics(), log: log() });
  // The pull API is token-only (no cookies, so no CSRF) and GET-only: served here, not by Next.
  if (req.url?.startsWith(API_PREFIX)) return void withRequestId(reqId, () => api.handle(req, res));
  // Half-open is for the inbound path only (see below). Everything else keeps Node's default, a
  // client's FIN ends its request, which is also how an SSE stream learns that its browser left.
  const onEnd = () => req.socket.destroy();
  req.socket.once("end", onEnd);
  res.once("close", () => req.socket.off("end", onEnd));
  // Live streams (one per open dashboard tab or CLI) are served here too, not by Next. Of the
  // dashboard gate they need only its host rule: a GET whose body is never read, answered with
  // its own headers (no page to protect with a CSP, no state changed for CSRF to guard).
  withRequestId(reqId, () => live.serve(req, res) || void gate(req, res).then((checked) => checked && handle(checked, res)));
}

const server = createServer(dispatch);
// Senders that half-close after their request (`printf ... | nc`, some HTTP/1.0 clients) must still
// get the answer: by default Node aborts such a request as soon as the FIN arrives, which would
// drop the response of a request we had already stored.
// (An undocumented but long-standing http.Server property; not in @types/node.)
Object.assign(server, { httpAllowHalfOpen: true });
// "Expect: 100-continue": refuse an oversize upload before the sender transmits it.
server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
  const target = parseInboundTarget(req.url);
  if (target && Number(req.headers["content-length"]) > config.MAX_BODY_BYTES) {
    inbound.rejections.record(target.slug, "too_large", describeRefused(req.method, target.path, tooLargeDetail(req, config.MAX_BODY_BYTES)));
    return rejectTooLarge(req, res, config.MAX_BODY_BYTES, { drain: false });
  }
  res.writeContinue();
  dispatch(req, res);
});
// Methods Node's parser does not know (`FOO`) reach the inbound path through our own parser.
server.on("clientError", (err: Error, socket: import("node:net").Socket) =>
  handleClientError(err, socket, (url) => parseInboundTarget(url) !== null, dispatch, (method, url, status) => {
    const target = parseInboundTarget(url)!;
    inbound.rejections.record(target.slug, "malformed", describeRefused(method, target.path, `answered ${status}: the request could not be parsed`));
  }),
);
const shutdown = createShutdown({
  server,
  graceMs: config.SHUTDOWN_GRACE_MS,
  log: log(),
  readiness,
  streams: openStreams(),
  deliveries: {
    drain: (timeoutMs) => {
      replays.stop(); // releases nothing more; the engine hands back what is in flight
      return forwarding.drain(timeoutMs);
    },
  },
  writer: inbound.writer,
  experiments: runningExperiments(),
  closeDatabase: async () => {
    live.stop();
    await cluster?.close();
    await api.stop(); // writes the last API usage counts
    pushLatencyRecorder().stop();
    await pushLatencyRecorder().flush().catch(() => undefined); // and the last push latencies
    inbound.rejections.stop();
    await inbound.rejections.flush(store()).catch(() => undefined); // and the last refused-request counts
    await getPrisma().$disconnect();
  },
});
onShutdownSignals((deadline) => shutdown.run(deadline), { graceMs: config.SHUTDOWN_GRACE_MS, log: log() });
server.listen(config.PORT, config.HOST, () => {
  setSelfUrl(server.address(), config.EXPERIMENT_TARGET_URL);
  log().info({ port: config.PORT, database: config.databaseFile }, `Webhook Inbox listening on http://localhost:${config.PORT}`);
});
