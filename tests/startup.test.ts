import { TEST_KIND } from "./helpers/databases";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { signedInClient } from "./helpers/http-client";
import { removeDir, startAppServer } from "./helpers/app-server";
import { tempDir } from "./helpers/temp-db";

const ROOT = path.resolve(import.meta.dirname, "..");

/** The `fatal` log line a failed start-up wrote (JSON lines on stdout: no TTY here). */
function fatalMessage(stdout: string): string {
  const lines = stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { level: string; msg: string });
  return lines.find((l) => l.level === "fatal")?.msg ?? `(no fatal line in: ${stdout})`;
}

function startExpectingFailure(env: Record<string, string>) {
  const dataDir = tempDir();
  const run = spawnSync(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: `file:${dataDir}/inbox.db`, ...env } as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 60_000,
  });
  fs.rmSync(dataDir, { recursive: true, force: true });
  return run;
}

// Start-up on SQLite files (the PostgreSQL project would only repeat these).
describe.skipIf(TEST_KIND === "postgres")("start-up", () => {
  it("stops with a message naming a bad variable", () => {
    const run = startExpectingFailure({ PORT: "eighty" });
    expect(run.status).toBe(1);
    expect(fatalMessage(run.stdout)).toContain('PORT="eighty"');
  });

  it("stops with a clear message when an applied migration was edited", () => {
    const dataDir = tempDir();
    const dbFile = path.join(dataDir, "inbox.db");
    const first = spawnSync(process.execPath, ["--import", "tsx", "-e", `
      import("./lib/db/migrator.ts").then(m => m.migrate(${JSON.stringify(dbFile)}, "prisma/migrations"));`], { cwd: ROOT, encoding: "utf8" });
    expect(first.status).toBe(0);
    const tamper = spawnSync(process.execPath, ["-e", `
      const D = require("better-sqlite3"); const db = new D(${JSON.stringify(dbFile)});
      db.prepare("UPDATE _prisma_migrations SET checksum = 'edited' WHERE rowid = 1").run();`], { cwd: ROOT, encoding: "utf8" });
    expect(tamper.status).toBe(0);
    const run = startExpectingFailure({ DATA_DIR: dataDir, DATABASE_URL: `file:${dbFile}` });
    expect(run.status).toBe(1);
    expect(fatalMessage(run.stdout)).toMatch(/was modified after it was applied/);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps the generated secret, so sessions survive a restart", async () => {
    const first = await startAppServer();
    const client = await signedInClient(first.url, "restart@example.com");
    const secret = fs.readFileSync(path.join(first.dataDir, "auth-secret"), "utf8");
    await first.stop();

    const second = await startAppServer({ dataDir: first.dataDir });
    try {
      expect(fs.readFileSync(path.join(first.dataDir, "auth-secret"), "utf8")).toBe(secret);
      client.baseUrl = second.url;
      const res = await client.json("GET", "/api/endpoints");
      expect(res.status).toBe(200);
    } finally {
      await second.stop();
      await removeDir(second.dataDir);
    }
  });
});
