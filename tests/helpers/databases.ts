import { randomBytes } from "node:crypto";
import pg from "pg";
import type { DatabaseKind } from "@/lib/db/kind";

/**
 * Which database the integration suite runs against: SQLite by default, PostgreSQL when
 * TEST_DATABASE=postgres (the vitest project "postgres" sets it; .ci/run starts PostgreSQL and sets
 * TEST_POSTGRES_URL, an administrative URL used to create and drop one database per test server).
 */
export const TEST_KIND: DatabaseKind = process.env.TEST_DATABASE === "postgres" ? "postgres" : "sqlite";

function adminUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error("TEST_DATABASE=postgres needs TEST_POSTGRES_URL (e.g. postgres://user:pass@127.0.0.1:5432/postgres)");
  return url;
}

/** A fresh, empty PostgreSQL database; `drop` removes it (closing whatever still uses it). */
export async function createPostgresDatabase(): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `inbox_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
