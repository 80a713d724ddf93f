// Runs `prisma generate` on install. Prisma's CLI insists on locating its native schema engine even
// though generate never uses it, and the engine download fails on offline machines; pointing the
// variable at any existing executable satisfies the check (see README, "Database").
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath };
const cli = require.resolve("prisma/build/index.js");
const run = spawnSync(process.execPath, [cli, "generate"], { stdio: "inherit", env });
process.exit(run.status ?? 1);
