import type { Database, Statement } from "better-sqlite3";

// Enough for the capture commit's statements at every batch size in use plus Prisma's own.
const MAX_STATEMENTS = 256;

/**
 * Keeps prepared statements by SQL text on the SQLite connection Prisma's adapter opened.
 *
 * The adapter prepares every statement anew (`db.prepare(sql).bind(args)`), so SQLite parses and
 * plans each one again: for the capture commit's multi-row INSERT that is hundreds of placeholders
 * per batch. With this cache `npm run bench -- capture` went from 0.24-0.25 to 0.28-0.29 of bare
 * node:http (median rounds, two runs each, same session).
 * A cached statement cannot be bound for good (better-sqlite3 allows `bind` once per statement),
 * so the adapter gets a view that passes the arguments at each execution instead.
 */
export function cacheStatements(db: Database): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Statement>();
  const cached = (sql: string): Statement => {
    let stmt = cache.get(sql);
    if (stmt) {
      cache.delete(sql); // most recently used last
    } else {
      stmt = prepare(sql);
      if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, stmt);
    return stmt;
  };
  // Only what the adapter calls: prepare(sql).run(), and prepare(sql).bind(args) then run(),
  // reader, columns() and raw().all().
  Object.assign(db, {
    prepare(sql: string) {
      const stmt = cached(sql);
      return {
        reader: stmt.reader,
        run: () => stmt.run(),
        bind: (args: unknown[]) => ({
          reader: stmt.reader,
          run: () => stmt.run(args),
          columns: () => stmt.columns(),
          raw: () => ({ all: () => stmt.raw(true).all(args) }),
        }),
      };
    },
  });
}
