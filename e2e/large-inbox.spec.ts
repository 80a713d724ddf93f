import path from "node:path";
import { expect, test } from "@playwright/test";
import { seedRequests } from "../tests/helpers/seed-requests";
import { createEndpointViaUi, liveStatus, renderedSeqs, rowBySeq, rows, sendOk } from "./helpers/inbox";

// The shared webServer's database (playwright.config.ts: DATABASE_URL=file:.e2e-data/inbox.db).
const DB_FILE = path.resolve(import.meta.dirname, "../.e2e-data/inbox.db");
const TOTAL = 100_000;

const seeded = (seq: number) => ({
  method: seq % 3 === 0 ? "PUT" : "POST", path: `/seed/${seq}`, headers: [["Host", "x"]] as [string, string][], body: Buffer.from(`{"n":${seq}}`), contentType: "application/json",
});

test("100,000 stored requests: first rows fast, DOM stays small, the scrollbar reaches any row directly, arrivals wait behind the pill", async ({ page }) => {
  test.setTimeout(60_000);
  const ep = await createEndpointViaUi(page, `Large ${Date.now()}`);
  expect(seedRequests(DB_FILE, ep.id, TOTAL, seeded)).toBe(TOTAL);

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

  // The scrollbar spans every stored request from the start, and one drag to the bottom loads the
  // oldest rows directly (a window by offset), not every page in between.
  const list = page.getByTestId("request-list");
  await expect(page.getByTestId("request-count")).toHaveText("100,000 requests");
  expect(await list.evaluate((el) => el.scrollHeight)).toBe(TOTAL * 56);
  await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks = []));
  const windows: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes(`/api/endpoints/${ep.id}/requests?`)) windows.push(new URL(r.url()).searchParams.get("offset") ?? "");
  });
  await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(rowBySeq(page, 1)).toBeVisible({ timeout: 5_000 });
  expect(windows.length).toBeLessThanOrEqual(2);
  expect(Number(windows[0])).toBeGreaterThanOrEqual(TOTAL - 200);
  expect(await rows(page).count()).toBeLessThan(150);
  // And the middle, by dragging half-way.
  await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }));
  await expect(rowBySeq(page, TOTAL / 2)).toBeVisible({ timeout: 5_000 });

  // The page stayed responsive throughout: a round trip is quick and no task blocked for a second.
  const t = Date.now();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  expect(Date.now() - t).toBeLessThan(1_000);
  const longest = await page.evaluate(() => Math.max(0, ...(window as unknown as { __longTasks: number[] }).__longTasks));
  expect(longest, "longest main-thread task while scrolling (ms)").toBeLessThan(1_000);

  // Scrolling ended follow mode: a new request waits behind the pill instead of moving the rows.
  await expect(page.getByTestId("follow-toggle")).toHaveAttribute("aria-pressed", "false");
  await list.evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(rowBySeq(page, TOTAL)).toBeVisible();
  await sendOk(ep.url, { method: "POST", path: "/after-seed", headers: [["Content-Type", "application/json"]], body: "{}" });
  await expect(page.getByTestId("new-pill")).toHaveText("1 new");
  expect((await renderedSeqs(page)).slice(0, 2)).toEqual([TOTAL, TOTAL - 1]);
  // The pill shows it on top, numbered on from the seeded rows, and follows again.
  await page.getByTestId("new-pill").click();
  await expect(rowBySeq(page, TOTAL + 1)).toBeVisible();
  expect((await renderedSeqs(page)).slice(0, 3)).toEqual([TOTAL + 1, TOTAL, TOTAL - 1]);
  await expect(rowBySeq(page, TOTAL + 1).getByTestId("request-path")).toHaveText("/after-seed");
  await expect(rowBySeq(page, TOTAL + 1)).toHaveAttribute("aria-selected", "true");
  expect(await rows(page).count()).toBeLessThan(150);
  test.info().annotations.push({ type: "first rows after", description: `${firstRowMs} ms` });
});
