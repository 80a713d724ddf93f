/**
 * A DateTime as the better-sqlite3 adapter stores it (ISO 8601 with "+00:00"). Raw SQL that writes
 * or compares DateTime columns must use this form, or Prisma cannot read the rows back as Dates
 * and text comparisons between the two forms go wrong.
 */
export function sqliteDateTime(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}
