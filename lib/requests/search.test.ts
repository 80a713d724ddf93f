import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseQuery } from "@/lib/conditions/query";
import { getPrisma } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrator";
import { MIGRATIONS_DIR, tempDir } from "@/tests/helpers/temp-db";
import { removeDir } from "@/tests/helpers/app-server";
import { searchRequestIds } from "./search";

// Paging where the shared matcher post-filters SQL's candidates (a regex here) and a scan bound
// stops a call early: pages may be short, or empty, yet walking them must visit every match once,
// newest first. The bound is lowered to 5 candidates per call so that 40 rows exercise it.

let dir: string;
let endpointId: string;
const ROWS = 40;
// Row i (seq i) carries an evt_ id when i % 3 === 0, so 13 of 40 match.
const isEvt = (seq: number) => seq % 3 === 0;

beforeAll(async () => {
  dir = tempDir();
  const file = path.join(dir, "search.db");
  migrate(file, MIGRATIONS_DIR);
  process.env.DATABASE_URL = `file:${file}`;
  const prisma = getPrisma();
  const user = await prisma.user.create({ data: { email: "s@example.com", passwordHash: "scrypt$x" } });
  endpointId = (await prisma.endpoint.create({ data: { userId: user.id, slug: "s".repeat(24) } })).id;
  for (let seq = 1; seq <= ROWS; seq++) {
    const body = Buffer.from(JSON.stringify({ id: isEvt(seq) ? `evt_${seq}` : `ch_${seq}` }));
    await prisma.capturedRequest.create({
      data: {
        id: `r${seq}`, endpointId, seq, method: "POST", path: "/", query: "", headers: "[]", body, contentType: "application/json",
        size: body.length, ip: "127.0.0.1", receivedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)),
      },
    });
  }
});
afterAll(async () => {
  await getPrisma().$disconnect();
  removeDir(dir);
});

async function walk(q: string, limit: number, scanRows?: number) {
  const query = parseQuery(q);
  expect(query.errors).toEqual([]);
  const pages: { ids: string[]; nextCursor: number | null; scanLimited: boolean }[] = [];
  let before: number | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await searchRequestIds(endpointId, query, { before, limit }, { scanRows });
    pages.push(page);
    if (page.nextCursor === null) break;
    before = page.nextCursor;
  }
  return pages;
}

const newestFirst = (keep: (seq: number) => boolean) =>
  Array.from({ length: ROWS }, (_, i) => ROWS - i).filter(keep).map((seq) => `r${seq}`);

describe("post-filtered paging", () => {
  it("visits every match once, newest first, across scan-limited pages", async () => {
    const pages = await walk("body.id:~^evt_", 4, 5);
    expect(pages.flatMap((p) => p.ids)).toEqual(newestFirst(isEvt));
    // The bound stopped calls early: short pages that still carry a cursor.
    const limited = pages.filter((p) => p.scanLimited);
    expect(limited.length).toBeGreaterThan(3);
    for (const p of limited) expect(p.ids.length).toBeLessThan(4);
    const cursors = pages.map((p) => p.nextCursor).filter((c): c is number => c !== null);
    expect(cursors).toEqual([...cursors].sort((a, b) => b - a));
    expect(new Set(cursors).size).toBe(cursors.length);
    expect(pages.at(-1)!.nextCursor).toBeNull();
  });

  it("fills whole pages when the bound is not reached", async () => {
    const pages = await walk("body.id:~^evt_", 4);
    expect(pages.map((p) => p.ids.length)).toEqual([4, 4, 4, 1]);
    expect(pages.every((p) => !p.scanLimited)).toBe(true);
    expect(pages.flatMap((p) => p.ids)).toEqual(newestFirst(isEvt));
  });

  it("walks the complement of a negated regex the same way", async () => {
    const pages = await walk("-body.id:~^evt_", 6, 7);
    expect(pages.flatMap((p) => p.ids)).toEqual(newestFirst((s) => !isEvt(s)));
  });

  it("combines SQL conditions with the matcher", async () => {
    const pages = await walk("body.id:~^evt_ -body.id:evt_30 after:2025-01-01T00:00:10Z", 3, 4);
    expect(pages.flatMap((p) => p.ids)).toEqual(newestFirst((s) => isEvt(s) && s !== 30 && s >= 10));
  });
});
