import { expect, test, type Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { SERIES_COLORS } from "../components/charts/palette";
import { expectChart } from "./helpers/charts";
import { confirm, createEndpointViaApi, openInbox, rows, sendOk, sleep, toast } from "./helpers/inbox";

/**
 * Issue 12 in Chromium: the Compare tab on an endpoint's own traffic, and a real 20 s experiment
 * (2 events/s, 1 s and 5 s pollers, a long-poller, push) run from the page, its report, charts,
 * share link, the inbox's experiment toggle, and deleting the report with its traffic.
 */
const SHOTS = path.resolve(import.meta.dirname, "../e2e-screenshots");
const [C0, C1, C2, C3] = SERIES_COLORS;

type Client = { key: string; kind: string; intervalSeconds?: number; requests: number; meanDelayMs: number; p99DelayMs: number; missed: number };

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), animations: "disabled", fullPage: false });
}

test("compare tab: the what-if on this endpoint's traffic, then a 20 s live experiment measured against the model", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const cspErrors: string[] = [];
  page.on("console", (m) => m.type() === "error" && /Content Security Policy|Refused to/.test(m.text()) && cspErrors.push(m.text()));

  const ep = await createEndpointViaApi(page.request, `Compare ${Date.now()}`);
  await openInbox(page, ep);
  // The open inbox reports when each live request reached it (its clock's offset removed).
  const reported = page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith(`/api/endpoints/${ep.id}/push-latency`), { timeout: 15_000 });
  // A quarter second apart: real ticks then see them at different delays (mean and p95 part).
  for (let i = 0; i < 6; i++) {
    await sendOk(ep.url, { method: "POST", path: `/orders/${i}`, headers: [["Content-Type", "application/json"]], body: `{"n":${i}}` });
    await sleep(250);
  }
  await expect(rows(page)).toHaveCount(6);
  const samples = ((await reported).postDataJSON() as { samples: number[] }).samples;
  expect(samples.length).toBeGreaterThan(0);
  for (const ms of samples) expect(ms).toBeGreaterThanOrEqual(0), expect(ms).toBeLessThan(1000);

  // Part 1: the comparison over these six requests.
  await page.getByTestId("tab-compare").click();
  await expect(page).toHaveURL(new RegExp(`/endpoints/${ep.id}/compare$`));
  const result = page.getByTestId("compare-result");
  await expect(result.getByTestId("compare-summary")).toContainText("6 requests");
  await expect(result.getByTestId("compare-summary")).toContainText("push latency measured here: p50");
  await expect(result.getByTestId("compare-summary")).toContainText("arriving in dashboards: p50");
  await expect(result.getByTestId("polling-row")).toHaveCount(6);
  await expect(result.getByTestId("verdicts").locator("li").first()).toHaveText(/^Polling every 1 s: 86,400 requests a day, .* Webhooks: /);
  await expectChart(page, "chart-delay", [
    { label: "Mean delay (real ticks)", color: C0 }, { label: "p95 delay (real ticks)", color: C2 },
    { label: "Expected mean (interval / 2)", color: SERIES_COLORS[6] }, { label: "Webhook push (measured p50)", color: C1 },
  ]);
  await expectChart(page, "chart-requests", [
    { label: "Polling", color: C0 }, { label: "Webhooks", color: C1 }, { label: "Long-polling", color: SERIES_COLORS[4] },
    { label: "Hybrid (push + fetch)", color: SERIES_COLORS[5] }, { label: "Rate-limit budget", color: C3 },
  ]);
  await expectChart(page, "chart-traffic", [{ label: /^Requests per \d+ (s|min|h)$/, color: C0 }, { label: "Polls every 30 s that found requests", color: C2 }]);
  // A custom interval adds a row and a verdict.
  await page.getByTestId("custom-interval").fill("2.5");
  await expect(result.getByTestId("polling-row")).toHaveCount(7);
  await expect(result.getByTestId("verdicts")).toContainText("Polling every 2.5 s: 34,560 requests a day");

  // Part 2: a real experiment, started from the form.
  const form = page.getByTestId("experiment-form");
  await form.getByLabel("Duration (s)").fill("20");
  await form.getByLabel("Events per second").fill("2");
  await form.getByLabel("Pattern").selectOption("poisson");
  await expect(form.getByLabel("Poll every 1 s")).toBeChecked();
  await expect(form.getByLabel("Poll every 5 s")).toBeChecked();
  await form.getByLabel("ETag for the 5 s poller").uncheck();
  await expect(form.getByLabel("Long-poller")).toBeChecked();
  await expect(form.getByLabel("Push (SSE)")).toBeChecked();
  await form.getByRole("button", { name: "Start experiment" }).click();
  const view = page.getByTestId("experiment-view");
  await expect(view).toHaveAttribute("data-state", "running");
  await expect(view.getByRole("progressbar")).toBeVisible();
  await expect(page.getByTestId("start-experiment")).toBeDisabled(); // one at a time
  await expect(view).toHaveAttribute("data-state", "finished", { timeout: 90_000 });

  // The report, as the API has it and as the page shows it.
  const id = await currentId(page, ep.id);
  const report = (await (await page.request.get(`/api/endpoints/${ep.id}/experiments/${id}`)).json()).report as { events: number; clients: Client[] };
  expect(report.events).toBeGreaterThan(20); // Poisson at 2/s for 20 s: 40 expected
  const by = (key: string) => report.clients.find((c) => c.key === key)!;
  expect(report.clients.map((c) => c.key)).toEqual(["push", "poll-1s", "poll-5s", "longpoll"]);
  for (const c of report.clients) expect(c.missed, c.key).toBe(0);
  expect(by("push").p99DelayMs).toBeLessThan(1000);
  for (const [key, interval] of [["poll-1s", 1], ["poll-5s", 5]] as const) {
    expect(Math.abs(by(key).meanDelayMs / ((interval * 1000) / 2) - 1), `${key} mean delay ${by(key).meanDelayMs}`).toBeLessThan(0.3);
    expect(Math.abs(by(key).requests / (20 / interval) - 1), `${key} requests ${by(key).requests}`).toBeLessThanOrEqual(0.1);
  }
  expect(by("longpoll").meanDelayMs).toBeLessThan(200);
  await expect(view.getByTestId("report-row")).toHaveCount(4);
  await expect(view.locator('[data-client="poll-1s"] [data-testid="requests"]')).toContainText(`${by("poll-1s").requests}`);
  await expect(view.locator('[data-client="poll-1s"] [data-testid="requests"]')).toContainText("model 20");
  await expect(view.locator('[data-client="poll-5s"] [data-testid="mean-delay"]')).toContainText("model 2.5 s");
  const labels = ["Push (SSE)", "Poll every 1 s", "Poll every 5 s", "Long-poll"];
  await expectChart(page, "chart-latency", labels.map((label, i) => ({ label, color: SERIES_COLORS[i] })));
  await expectChart(page, "chart-timeline", labels.map((label, i) => ({ label, color: SERIES_COLORS[i] })));
  expect(cspErrors).toEqual([]);

  // Screenshots of the tab with the report, at both sizes and in both schemes.
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [size, viewport] of [["desktop", { width: 1440, height: 900 }], ["phone", { width: 390, height: 844 }]] as const) {
      await page.setViewportSize(viewport);
      await page.getByTestId("compare-view").evaluate((el) => (el.scrollTop = 0));
      await shot(page, `compare-${size}-${scheme}`);
      await page.getByTestId("chart-delay").evaluate((el) => el.scrollIntoView({ block: "start" }));
      await shot(page, `compare-charts-${size}-${scheme}`);
      await view.scrollIntoViewIfNeeded();
      await shot(page, `compare-report-${size}-${scheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1440, height: 900 });

  // A read-only link for someone signed out, then revoked.
  await page.getByTestId("report-actions").click();
  await page.getByTestId("share-report").click();
  await expect(toast(page, /Read-only link (copied|created)/)).toBeVisible();
  const link = (await page.getByTestId("share-link").locator("code").textContent())!;
  const guest = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const shared = await guest.newPage();
  await shared.goto(link);
  await expect(shared.getByTestId("experiment-view")).toHaveAttribute("data-state", "finished");
  await expect(shared.getByTestId("report-row")).toHaveCount(4);
  await expect(shared.getByTestId("cancel-experiment")).toHaveCount(0);
  await expectChart(shared, "chart-latency", labels.map((label, i) => ({ label, color: SERIES_COLORS[i] })));
  await page.getByTestId("report-actions").click();
  await page.getByTestId("revoke-share").click();
  await expect(toast(page, "Share link revoked")).toBeVisible();
  expect((await shared.goto(link))!.status()).toBe(404);
  await guest.close();

  // The inbox marks experiment traffic and hides it with one toggle.
  await page.getByTestId("tab-inbox").click();
  await expect(page.getByTestId("request-count")).toHaveText(`${6 + report.events + 1} requests`); // + the warm-up webhook
  await page.getByTestId("hide-experiments").click();
  await expect(page.getByTestId("request-count")).toHaveText("6 requests");
  await expect(page.getByTestId("experiment-badge")).toHaveCount(0);
  await page.getByTestId("hide-experiments").click();
  await expect(page.getByTestId("experiment-badge").first()).toBeVisible();

  // Deleting the report deletes its traffic too.
  await page.getByTestId("tab-compare").click();
  await page.getByTestId("report-item").first().click();
  await expect(page.getByTestId("experiment-view")).toHaveAttribute("data-state", "finished");
  await page.getByTestId("report-actions").click();
  await page.getByTestId("delete-report").click();
  await confirm(page, "Delete report and requests");
  await expect(toast(page, "Report deleted")).toBeVisible();
  await expect(page.getByTestId("report-item")).toHaveCount(0);
  await page.getByTestId("tab-inbox").click();
  await expect(page.getByTestId("request-count")).toHaveText("6 requests");
});

/** The id of the experiment the page shows (the newest in the endpoint's list). */
async function currentId(page: Page, endpointId: string): Promise<string> {
  const list = (await (await page.request.get(`/api/endpoints/${endpointId}/experiments`)).json()) as { experiments: { id: string }[] };
  return list.experiments[0].id;
}
