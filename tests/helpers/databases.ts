import { randomBytes } from "node:crypto";
import pg from "pg";
import type { DatabaseKind } from "@/lib/db/kind";

/**
 * Which database the integration suite runs against: SQLite by default, PostgreSQL when
 * TEST_DATABASE=postgres (the vitest project "postgres" sets it; benchmarks: BENCH_DATABASE=postgres; .ci/run starts PostgreSQL and sets
 * TEST_POSTGRES_URL, an administrative URL used to create and drop one database per test server).
 */
export const TEST_KIND: DatabaseKind = (process.env.TEST_DATABASE ?? process.env.BENCH_DATABASE) === "postgres" ? "postgres" : "sqlite";

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

/**
 * A test's own connection to a server's database, whatever its kind, for looking behind the API
 * (what is stored, what a crash left). SQL is written with `?` placeholders.
 */
export type TestDb = { query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>; close(): Promise<void> };

export async function openTestDb(databaseUrl: string): Promise<TestDb> {
  if (databaseUrl.startsWith("file:")) {
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(databaseUrl.slice("file:".length));
    db.pragma("busy_timeout = 5000");
    return {
      query: async <T,>(sql: string, params: unknown[] = []) => {
        const st = db.prepare(sql);
        return (st.reader ? st.all(...params) : (st.run(...params), [])) as T[];
      },
      close: async () => void db.close(),
    };
  }
  const client = new pg.Client({ connectionString: databaseUrl, options: "-c timezone=UTC" });
  await client.connect();
  return {
    query: async <T,>(sql: string, params: unknown[] = []) => {
      let n = 0;
      return (await client.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows as T[];
    },
    close: () => client.end(),
  };
}
