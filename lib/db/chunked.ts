/**
 * Prisma refuses a query with more bound parameters than it assumes SQLite allows (999: measured,
 * `id: { in: [...] }` with 1,000 ids fails with P2029), so long id lists are read in chunks.
 */
export const IDS_PER_QUERY = 500;

export async function inChunks<T, R>(items: T[], read: (chunk: T[]) => Promise<R[]>, size = IDS_PER_QUERY): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await read(items.slice(i, i + size))));
  return out;
}
