import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrismaClient } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrator";

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../prisma/migrations");

export function tempDir(prefix = "inbox-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A freshly migrated SQLite file and a Prisma client on it. */
export function migratedDb() {
  const dir = tempDir();
  const file = path.join(dir, "test.db");
  migrate(file, MIGRATIONS_DIR);
  const prisma = createPrismaClient(`file:${file}`);
  return { dir, file, prisma, cleanup: async () => { await prisma.$disconnect(); fs.rmSync(dir, { recursive: true, force: true }); } };
}
