/**
 * Statements shared by both database kinds are written with `?` placeholders (SQLite's); for
 * PostgreSQL they are numbered `$1, $2, ...` when run. Only for our own statements, which never
 * hold a literal "?" (values are always bound).
 */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
