/**
 * Which database a URL names: SQLite (`file:...`, the embedded default) or PostgreSQL
 * (`postgres://` / `postgresql://`). Chosen once at start; everything that differs by kind sits
 * behind lib/db/store (one module per kind) and lib/db/client.ts.
 */
export type DatabaseKind = "sqlite" | "postgres";

export function databaseKind(url: string): DatabaseKind | null {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  return null;
}
