import path from "node:path";
import { defineConfig } from "vitest/config";

// Two projects: everything on SQLite (the default), and the integration suite again on
// PostgreSQL when TEST_POSTGRES_URL names a server to create test databases on (.ci/run starts
// one and sets it). One parameterised suite (tests/helpers/databases.ts), not a copy.
const postgres = process.env.TEST_POSTGRES_URL;
if (!postgres) console.warn("TEST_POSTGRES_URL is not set: the integration suite runs on SQLite only (.ci/run runs it on PostgreSQL too).");

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    // Integration tests start real servers; two cores cannot run many at once.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true as const, test: { name: "sqlite", include: ["lib/**/*.test.ts", "cli/**/*.test.ts", "tests/**/*.test.ts"] } },
      ...(postgres ? [{ extends: true as const, test: { name: "postgres", include: ["tests/**/*.test.ts"], env: { TEST_DATABASE: "postgres" } } }] : []),
    ],
  },
});
