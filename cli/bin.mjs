#!/usr/bin/env node
// The `webhook-inbox` command (package.json "bin"): the CLI is TypeScript, run through tsx like
// the server, with this repository's tsconfig whatever directory it is started from.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const here = path.dirname(fileURLToPath(import.meta.url));
register({ tsconfig: path.join(here, "..", "tsconfig.json") });
const { main } = await import("./main.ts");
process.exitCode = await main(process.argv);
