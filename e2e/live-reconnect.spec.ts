import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { freePort, removeDir, startAppServer, type AppServer } from "../tests/helpers/app-server";
import { allListRows, liveStatus, rowBySeq, send, sleep, type TestEndpoint } from "./helpers/inbox";

// A server of its own (not the shared webServer), so the test can SIGKILL it and start it again
// on the same port and database while the browser keeps the inbox open.
let server: AppServer | undefined;
let dataDir: string | undefined;
let context: BrowserContext | undefined;
let sending = false;

test.afterAll(async () => {
  sending = false;
  await context?.close();
  await server?.stop("SIGKILL");
  if (dataDir) removeDir(dataDir);
});

test("the inbox survives a server crash: reconnecting -> live, and every acknowledged request is listed once, in order", async ({ browser }) => {
  test.setTimeout(90_000);
  const port = await freePort();
  server = await startAppServer({ port });
  dataDir = server.dataDir;
  const baseURL = server.url;

  context = await browser.newContext({ baseURL });
  const page: Page = await context.newPage();
  await page.goto("/signup");
  await page.getByLabel("Email").fill("reconnect@example.com");
  await page.getByLabel("Password").fill("reconnect-password");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByTestId("endpoint-title")).toHaveText("My first endpoint");
  await page.getByRole("navigation", { name: "Endpoints" }).getByRole("button", { name: "New endpoint" }).click();
  await page.getByRole("dialog", { name: "New endpoint" }).getByLabel("Name (optional)").fill("Crash test");
  await page.getByRole("dialog", { name: "New endpoint" }).getByRole("button", { name: "Create endpoint" }).click();
  await expect(page.getByTestId("endpoint-title")).toHaveText("Crash test");
  const ep: TestEndpoint = { id: page.url().split("/").pop()!, slug: "", url: (await page.getByTestId("endpoint-url").textContent())!.trim() };
  expect(ep.url.startsWith(`${baseURL}/h/`)).toBe(true);
  await expect(liveStatus(page)).toHaveAttribute("data-status", "live");

  // Numbered requests, one every 50 ms, sequential so that acknowledgement order is seq order.
  const acked: number[] = [];
  const failed: number[] = [];
  let n = 0;
  sending = true;
  const sender = (async () => {
    while (sending) {
      const i = ++n;
      try {
        const res = await send(ep.url, { method: "POST", path: `/n/${i}`, headers: [["Content-Type", "text/plain"]], body: `request ${i}`, timeoutMs: 3000 });
        if (res.status >= 200 && res.status < 300) acked.push(i);
        else failed.push(i);
      } catch {
        failed.push(i);
      }
      await sleep(50);
    }
  })();
  const ackedAtLeast = async (count: number) => expect.poll(() => acked.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(count);

  await ackedAtLeast(5);
  await server.stop("SIGKILL");
  const ackedBeforeKill = acked.length;
  await expect(liveStatus(page)).toHaveAttribute("data-status", "reconnecting");
  await expect(page.getByTestId("connection-banner")).toContainText("Server unreachable, retrying");
  // Sends fail while it is down.
  const failedBefore = failed.length;
  await expect.poll(() => failed.length, { timeout: 5_000 }).toBeGreaterThan(failedBefore + 2);
  expect(acked.length).toBe(ackedBeforeKill);

  server = await startAppServer({ port, dataDir });
  await ackedAtLeast(ackedBeforeKill + 6);
  sending = false;
  await sender;
  await expect(liveStatus(page)).toHaveAttribute("data-status", "live", { timeout: 15_000 });
  await expect(page.getByTestId("connection-banner")).toHaveCount(0);

  expect(acked.length).toBeLessThan(40);
  const ackedPaths = acked.map((i) => `/n/${i}`);

  // Every acknowledged request exactly once, newest first. A request in flight at the moment of
  // the kill may have been committed without its answer arriving: that one (and only such) may
  // be listed too, in its place.
  await expect
    .poll(async () => (await allListRows(page)).map((r) => r.path).filter((p) => ackedPaths.includes(p)), { timeout: 10_000 })
    .toEqual([...ackedPaths].reverse());
  const listed = await allListRows(page);
  const paths = listed.map((r) => r.path);
  const extras = paths.filter((p) => !ackedPaths.includes(p));
  expect(extras.length).toBeLessThanOrEqual(1);
  for (const p of extras) expect(failed.map((i) => `/n/${i}`)).toContain(p);
  expect(new Set(paths).size).toBe(paths.length);
  // Seqs are gap-free and newest first, and follow the send order.
  expect(listed.map((r) => r.seq)).toEqual(Array.from({ length: paths.length }, (_, i) => paths.length - i));
  test.info().annotations.push({ type: "sends", description: `${acked.length} acknowledged, ${failed.length} failed, ${extras.length} unacknowledged but stored` });
  const numbers = paths.map((p) => Number(p.split("/").pop()));
  expect([...numbers].sort((a, b) => b - a)).toEqual(numbers);

  // The server's own view, after a reload, is the same list.
  await page.reload();
  await expect(liveStatus(page)).toHaveAttribute("data-status", "live");
  await expect(rowBySeq(page, paths.length)).toBeVisible();
  expect(await allListRows(page)).toEqual(listed);
});
