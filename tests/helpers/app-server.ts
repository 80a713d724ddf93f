import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { createPostgresDatabase, TEST_KIND } from "./databases";
import { tempDir } from "./temp-db";

const ROOT = path.resolve(import.meta.dirname, "../..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export type AppServer = {
  url: string;
  port: number;
  dataDir: string;
  env: Record<string, string | undefined>;
  child: ChildProcess;
  output: () => string;
  /** The server's structured log lines so far (JSON, one per line: LOG_FORMAT is json without a TTY). */
  logs: () => Record<string, unknown>[];
  stop: (signal?: NodeJS.Signals) => Promise<void>;
};

/**
 * Starts the real server (server.ts over the production build) on a free port with its own
 * throwaway data directory and SQLite file. Pass `dataDir` to restart on an existing database,
 * `viaNpm` to start it the README's way (`npm start`; `child` is then npm's process, leading its
 * own process group, as a shell's job or a service would).
 */
export async function startAppServer(
  opts: { dataDir?: string; env?: Record<string, string>; nodeArgs?: string[]; port?: number; viaNpm?: boolean } = {},
): Promise<AppServer> {
  const dataDir = opts.dataDir ?? tempDir("inbox-server-");
  // A fixed port lets a test restart the server where open browser pages will reconnect.
  const port = opts.port ?? (await freePort());
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    DATABASE_URL: await databaseUrlFor(dataDir),
    // Every test client signs in from 127.0.0.1: the per-address sign-in throttle would hold them
    // all. The throttle's own tests pass AUTH_ATTEMPTS_PER_MINUTE to get the default back.
    AUTH_ATTEMPTS_PER_MINUTE: "100000",
    ...opts.env,
  };
  const [command, args] = opts.viaNpm ? ["npm", ["start"]] : [process.execPath, [...(opts.nodeArgs ?? []), "--import", "tsx", "server.ts"]];
  const child = spawn(command, args, { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"], detached: opts.viaNpm });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d));
  child.stderr.on("data", (d: Buffer) => (out += d));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${out}`)), 60_000);
    const check = () => {
      if (out.includes("listening on")) { clearTimeout(timer); resolve(); }
    };
    child.stdout.on("data", check);
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${out}`)); });
  });

  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill(signal);
    await exited;
  };
  const logs = () => out.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { url: `http://127.0.0.1:${port}`, port, dataDir, env, child, output: () => out, logs, stop };
}

// On PostgreSQL each data directory gets its own database, kept while the directory is (a server
// restarted on the same directory finds its data again) and dropped with it.
const postgresDatabases = new Map<string, Awaited<ReturnType<typeof createPostgresDatabase>>>();

async function databaseUrlFor(dataDir: string): Promise<string> {
  if (TEST_KIND === "sqlite") return `file:${path.join(dataDir, "inbox.db")}`;
  let db = postgresDatabases.get(dataDir);
  if (!db) postgresDatabases.set(dataDir, (db = await createPostgresDatabase()));
  return db.url;
}

export async function removeDir(dir: string) {
  fs.rmSync(dir, { recursive: true, force: true });
  const db = postgresDatabases.get(dir);
  postgresDatabases.delete(dir);
  await db?.drop();
}
