import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script (run by npm install), without type declarations
import { postgresSchema } from "../../scripts/prisma-postgres-schema.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const read = (p: string) => fs.readFileSync(path.join(root, p), "utf8");

describe("the PostgreSQL Prisma schema", () => {
  it("is the SQLite one but for the datasource provider and client folder, as committed", () => {
    const sqlite = read("prisma/schema.prisma");
    const committed = read("prisma/postgres/schema.prisma");
    expect(committed).toBe(postgresSchema(sqlite));
    const differing = (a: string, b: string) => a.split("\n").filter((line) => !b.split("\n").includes(line));
    expect(differing(committed, sqlite).map((l) => l.trim())).toEqual([
      "// Generated from prisma/schema.prisma by scripts/prisma-generate.mjs (npm install): do not edit.",
      'output   = "../../lib/db/generated-postgres"',
      'provider = "postgresql"',
    ]);
  });
});
