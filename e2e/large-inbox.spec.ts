import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { createEndpointViaUi, liveStatus, renderedSeqs, rowBySeq, rows, sendOk, sleep } from "./helpers/inbox";

// The shared webServer's database (playwright.config.ts: DATABASE_URL=file:.e2e-data/inbox.db).
const DB_FILE = path.resolve(import.meta.dirname, "../.e2e-data/inbox.db");
const TOTAL = 100_000;

/** Writes `count` requests (seq 1..count) for one endpoint straight into SQLite, in one transaction. */
function seedRequests(endpointId: string, count: number) {
  const db = new Database(DB_FILE);
  try {
    db.pragma("busy_timeout = 10000");
    const insert = db.prepare(
      `INSERT INTO "CapturedRequest" ("id","endpointId","seq","method","path","query","headers","body","contentType","size","ip","receivedAt")
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
    );
    const start = Date.now() - count * 10;
    const headers = JSON.stringify([["Host", "x"]]);
    db.transaction(() => {
      for (let seq = 1; seq <= count; seq++) {
        const body = Buffer.from(`{"n":${seq}}`);
        insert.run(
          `${endpointId}-seed-${seq}`, endpointId, seq, seq % 3 === 0 ? "PUT" : "POST", `/seed/${seq}`, "", headers, body,
          "application/json", body.length, "127.0.0.1", new Date(start + seq * 10).toISOString().replace("Z", "+00:00"),
        );
      }
      // The high-water mark deletes leave behind, and a cap large enough that nothing is pruned.
      db.prepare(`UPDATE "Endpoint" SET "lastSeq" = ?, "maxRequests" = ? WHERE "id" = ?`).run(count, 1_000_000, endpointId);
    })();
    return (db.prepare(`SELECT COUNT(*) AS n FROM "CapturedRequest" WHERE "endpointId" = ?`).get(endpointId) as { n: number }).n;
  } finally {
    db.close();
  }
}

test("100,000 stored requests: first page fast, DOM stays small, scrolling pages in, live arrivals on top", async ({ page }) => {
  test.setTimeout(60_000);
  const ep = await createEndpointViaUi(page, `Large ${Date.now()}`);
  expect(seedRequests(ep.id, TOTAL)).toBe(TOTAL);

  // Long tasks on the main thread (a frozen page shows up as one long task).
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    }).observe({ type: "longtask", buffered: true });
  });
  const opened = Date.now();
  await page.goto(`/endpoints/${ep.id}`);
  await expect(rowBySeq(page, TOTAL)).toBeVisible({ timeout: 5_000 });
  const firstRowMs = Date.now() - opened;
  const top = await renderedSeqs(page);
  expect(top.slice(0, 5)).toEqual([100_000, 99_999, 99_998, 99_997, 99_996]);
  expect(await rows(page).count()).toBeLessThan(150);
  await expect(liveStatus(page)).toHaveAttribute("data-status", "live");

  // Scroll to the bottom until the third page (seq <= 99,800) is loaded and rendered.
  const list = page.getByTestId("request-list");
  await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks = []));
  let scrolls = 0;
  await expect
    .poll(
      async () => {
        await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
        scrolls++;
        await sleep(250);
        return Math.min(...(await renderedSeqs(page)));
      },
      { timeout: 20_000, intervals: [0] },
    )
    .toBeLessThanOrEqual(99_800);
  expect(scrolls).toBeGreaterThanOrEqual(2); // it did take more than the first page
  expect(await rows(page).count()).toBeLessThan(150);
  // Loaded, not just rendered: the scroll height covers at least three pages of 56 px rows.
  expect(await list.evaluate((el) => el.scrollHeight)).toBeGreaterThanOrEqual(300 * 56);

  // The page stayed responsive throughout: a round trip is quick and no task blocked for a second.
  const t = Date.now();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  expect(Date.now() - t).toBeLessThan(1_000);
  const longest = await page.evaluate(() => Math.max(0, ...(window as unknown as { __longTasks: number[] }).__longTasks));
  expect(longest, "longest main-thread task while scrolling (ms)").toBeLessThan(1_000);

  // A new request continues the numbering and lands on top, live.
  await list.evaluate((el) => el.scrollTo({ top: 0 }));
  await sendOk(ep.url, { method: "POST", path: "/after-seed", headers: [["Content-Type", "application/json"]], body: "{}" });
  await expect(rowBySeq(page, TOTAL + 1)).toBeVisible();
  expect((await renderedSeqs(page)).slice(0, 3)).toEqual([TOTAL + 1, TOTAL, TOTAL - 1]);
  await expect(rowBySeq(page, TOTAL + 1).getByTestId("request-path")).toHaveText("/after-seed");
  await expect(page.getByTestId("unread-count")).toHaveText("1 new");
  expect(await rows(page).count()).toBeLessThan(150);
  test.info().annotations.push({ type: "first rows after", description: `${firstRowMs} ms` });
});
