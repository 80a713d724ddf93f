import { createServer } from "node:http";
import next from "next";
import { prepare } from "@/lib/server/prepare";

// Custom server: the inbound capture fast path (/h/<slug>) is handled here before Next's router;
// everything else goes to Next. See README "Architecture".
const root = process.cwd();
const config = prepare(root);
const dev = config.NODE_ENV === "development";

const app = next({ dev, dir: root, hostname: config.HOST, port: config.PORT });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  void handle(req, res);
});
server.listen(config.PORT, config.HOST, () => {
  console.log(`Webhook Inbox listening on http://localhost:${config.PORT} (database ${config.databaseFile})`);
});

function shutdown(signal: string) {
  console.log(`${signal}: shutting down`);
  server.close(() => process.exit(0));
  // Open SSE streams would keep close() waiting forever.
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
