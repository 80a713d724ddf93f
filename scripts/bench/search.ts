import Database from "better-sqlite3";
import path from "node:path";
import { parseQuery } from "@/lib/conditions/query";
import { migrate } from "@/lib/db/migrator";
import { removeDir } from "@/tests/helpers/app-server";
import { tempDir } from "@/tests/helpers/temp-db";
import { ROOT, report, round } from "./harness";

/**
 * `search`: request search on one endpoint holding SEARCH_ROWS (default 100,000) stored requests
 * with ~1 KB Stripe-like JSON bodies, through the server's own code (searchRequestIds on the
 * Prisma client), one page of 50 as the list asks for it. Each query's median of 5 runs, next to
 * the unfiltered first page and a body-substring search that must scan every row (`baseline_scan_ms`).
 */
export async function searchScenario(rows = Number(process.env.SEARCH_ROWS ?? 100_000)) {
  const dir = tempDir("inbox-search-bench-");
  const file = path.join(dir, "inbox.db");
  try {
    migrate(file, path.join(ROOT, "prisma/migrations"));
    fill(file, rows);
    process.env.DATABASE_URL = `file:${file}`;
    const { searchRequestIds } = await import("@/lib/requests/search");
    const { getPrisma } = await import("@/lib/db/client");
    const time = async (q: string) => {
      const query = parseQuery(q);
      if (query.errors.length) throw new Error(`${q}: ${query.errors[0].message}`);
      const runs: number[] = [];
      let found = 0;
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        found = (await searchRequestIds("ep", query, { limit: 50 })).ids.length;
        runs.push(performance.now() - t);
      }
      return { ms: round(runs.sort((a, b) => a - b)[2], 1), found };
    };
    const queries = [
      "body.data.object.amount:>9990", // 0.09% match: scans nearly every row to fill a page
      "body.type:invoice.paid", // 20%: fills a page early
      "body.data.object.id:ch_none", // no match: every row
      "-body.livemode:true body.data.object.currency:(eur|gbp)",
      "method:POST path:/stripe/* body.data.object.amount:>=9999",
      "body.data.object.id:~^ch_99999", // regex: SQL prefilter + matcher, bounded scan
    ];
    const first = await time("");
    const scan = await time("no-such-text-anywhere");
    const results: Record<string, { ms: number; found: number }> = {};
    for (const q of queries) results[q] = await time(q);
    await getPrisma().$disconnect();
    report({ scenario: "search", rows, first_page_ms: first.ms, baseline_scan_ms: scan.ms, queries: results });
  } finally {
    await removeDir(dir);
  }
}

const TYPES = ["invoice.paid", "charge.succeeded", "charge.failed", "customer.created", "payment_intent.created"];

function fill(file: string, rows: number) {
  const db = new Database(file);
  db.pragma("foreign_keys = OFF"); // one endpoint, no user: only CapturedRequest is searched
  const insert = db.prepare(
    `INSERT INTO "CapturedRequest" ("id", "endpointId", "seq", "method", "path", "query", "headers", "body", "contentType", "size", "ip", "receivedAt")
     VALUES (?, 'ep', ?, 'POST', '/stripe/webhook', '', ?, ?, 'application/json', ?, '127.0.0.1', ?)`,
  );
  const headers = JSON.stringify([["Content-Type", "application/json"], ["Stripe-Signature", "t=1,v1=abc"], ["User-Agent", "Stripe/1.0"]]);
  db.transaction(() => {
    for (let i = 1; i <= rows; i++) {
      const body = Buffer.from(
        JSON.stringify({
          id: `evt_${i}`, object: "event", type: TYPES[i % TYPES.length], livemode: i % 3 === 0, created: 1_700_000_000 + i,
          data: { object: { id: `ch_${i}`, amount: i % 10_000, currency: ["usd", "eur", "gbp"][i % 3], description: "x".repeat(600), metadata: { order: `o_${i}` } } },
        }),
      );
      insert.run(`r${i}`, i, headers, body, body.length, new Date(1_700_000_000_000 + i * 1000).toISOString().replace("Z", "+00:00"));
    }
  })();
  db.close();
}
