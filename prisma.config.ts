// Prisma CLI configuration. The app itself never runs the CLI at start: it applies
// prisma/migrations with lib/db/migrator.ts (see README, "Database").
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "file:./data/inbox.db" },
});
