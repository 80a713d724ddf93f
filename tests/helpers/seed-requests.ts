import Database from "better-sqlite3";

export type SeedRow = { method: string; path: string; headers: [string, string][]; body: Buffer; contentType: string | null };

/**
 * Writes `count` requests (seq 1..count, one a second up to now) for one endpoint straight into a
 * server's SQLite file in one transaction: large inboxes in seconds instead of minutes over HTTP.
 * Also sets the high-water mark deletes leave behind, and a cap large enough that nothing is pruned.
 * Returns how many requests the endpoint then holds.
 */
export function seedRequests(file: string, endpointId: string, count: number, row: (seq: number) => SeedRow): number {
  const db = new Database(file);
  try {
    db.pragma("busy_timeout = 10000");
    const insert = db.prepare(
      `INSERT INTO "CapturedRequest" ("id","endpointId","seq","method","path","query","headers","body","contentType","size","ip","receivedAt")
       VALUES (?,?,?,?,?,'',?,?,?,?,'127.0.0.1',?)`,
    );
    const start = Date.now() - count * 1000;
    db.transaction(() => {
      for (let seq = 1; seq <= count; seq++) {
        const r = row(seq);
        const at = new Date(start + seq * 1000).toISOString().replace("Z", "+00:00");
        insert.run(`${endpointId}-seed-${seq}`, endpointId, seq, r.method, r.path, JSON.stringify(r.headers), r.body, r.contentType, r.body.length, at);
      }
      db.prepare(`UPDATE "Endpoint" SET "lastSeq" = ?, "maxRequests" = ? WHERE "id" = ?`).run(count, 10_000_000, endpointId);
    })();
    return (db.prepare(`SELECT COUNT(*) AS n FROM "CapturedRequest" WHERE "endpointId" = ?`).get(endpointId) as { n: number }).n;
  } finally {
    db.close();
  }
}
