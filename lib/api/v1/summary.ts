type Row = { id: string; seq: number; method: string; path: string; query: string; size: number; contentType: string | null; ip: string; receivedAt: Date };

/**
 * A request as the pull API lists it. It picks its fields: it must stay immutable per request
 * (ETags rest on that). The comparison view sizes poll answers with it too.
 */
export const publicSummary = (r: Row) => ({
  id: r.id, seq: r.seq, method: r.method, path: r.path, query: r.query, size: r.size,
  contentType: r.contentType, ip: r.ip, receivedAt: r.receivedAt.toISOString(),
});
