// Runs `prisma generate` on install, for both database kinds: the SQLite client (the embedded
// default) and the PostgreSQL one, chosen at start from DATABASE_URL (lib/db/client.ts).
// prisma/postgres/schema.prisma is written here from prisma/schema.prisma, the one source of truth
// for the models: the two differ only in the datasource provider and the client's output folder
// (tests/schema-files.test.ts checks the committed copy).
// Prisma's CLI insists on locating its native schema engine even though generate never uses it,
// and the engine download fails on offline machines; pointing the variable at any existing
// executable satisfies the check (see README, "Database").
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { postgresSchema } from "./prisma-postgres-schema.mjs";

const root = path.resolve(import.meta.dirname, "..");
const sqlite = path.join(root, "prisma", "schema.prisma");
const postgres = path.join(root, "prisma", "postgres", "schema.prisma");
fs.mkdirSync(path.dirname(postgres), { recursive: true });
fs.writeFileSync(postgres, postgresSchema(fs.readFileSync(sqlite, "utf8")));

const require = createRequire(import.meta.url);
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath };
const cli = require.resolve("prisma/build/index.js");
for (const schema of [sqlite, postgres]) {
  const run = spawnSync(process.execPath, [cli, "generate", "--schema", schema], { stdio: "inherit", env, cwd: root });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
