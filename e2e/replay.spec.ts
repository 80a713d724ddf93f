import { expect, test } from "@playwright/test";
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { baseURL } from "../playwright.config";
import { createEndpointViaUi, endpointAction, rowBySeq, search, sendOk } from "./helpers/inbox";

// A real receiver on loopback (opened to the app by FORWARD_ALLOW_CIDRS in playwright.config.ts).
let target: Server;
const received: { method: string; url: string; headers: string[]; body: string }[] = [];
test.beforeAll(async () => {
  target = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ method: req.method!, url: req.url!, headers: req.rawHeaders, body });
      const slow = req.url!.startsWith("/bulk") ? 40 : 0;
      setTimeout(() => {
        res.writeHead(req.url!.includes("/n/3") ? 503 : 202, { "Content-Type": "text/plain", "X-Receiver": "e2e" });
        res.end(`receiver saw ${req.method} ${body}`);
      }, slow);
    });
  });
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
});
test.afterAll(() => new Promise<void>((r) => target.close(() => r())));

test("replay with an edit: the diff against the original, then the target's answer beside it", async ({ page }) => {
  const port = (target.address() as AddressInfo).port;
  const ep = await createEndpointViaUi(page, `Replayed ${Date.now()}`);
  await sendOk(ep.url, { method: "POST", path: "/hooks?x=1", headers: [["Content-Type", "application/json"], ["X-Sig", "abc"]], body: '{\n  "amount": 4200\n}' });
  await expect(rowBySeq(page, 1)).toHaveAttribute("aria-selected", "true");

  await page.getByTestId("open-replay").click();
  const dialog = page.getByTestId("replay-dialog");
  await dialog.getByTestId("replay-url").fill(`http://127.0.0.1:${port}/edited{path}?{query}`);
  await dialog.getByTestId("replay-edit-toggle").check();
  await expect(dialog.getByTestId("replay-diff-none")).toBeVisible();
  await dialog.getByTestId("replay-method").fill("PUT");
  await dialog.getByRole("button", { name: "Add header" }).click();
  await dialog.getByLabel("Header 3 name").fill("X-Replayed");
  await dialog.getByLabel("Header 3 value").fill("yes");
  await dialog.getByTestId("replay-body").fill('{\n  "amount": 9900\n}');
  const diff = dialog.getByTestId("replay-diff");
  await expect(diff.getByTestId("diff-method")).toContainText("POST → PUT");
  await expect(diff.getByTestId("diff-headers").locator('[data-change="added"]')).toHaveText(["+added: X-Replayed: yes"]);
  await expect(diff.getByTestId("diff-body").locator('[data-change="removed"]')).toHaveText(['-removed:   "amount": 4200']);
  await expect(diff.getByTestId("diff-body").locator('[data-change="added"]')).toHaveText(['+added:   "amount": 9900']);
  await dialog.getByTestId("replay-send").click();

  const result = dialog.getByTestId("replay-result");
  await expect(result.getByTestId("replay-status")).toHaveText("202");
  await expect(result.getByTestId("replay-answer-body")).toHaveText('receiver saw PUT {\n  "amount": 9900\n}');
  await expect(result.getByRole("region", { name: "Original request" })).toContainText('"amount": 4200');
  await expect(result.getByTestId("replay-sent-edited")).toContainText("PUT");
  expect(received.at(-1)).toMatchObject({ method: "PUT", url: "/edited/hooks?x=1", body: '{\n  "amount": 9900\n}' });
  // Exactly the edit: the listed headers, nothing added.
  const names = received.at(-1)!.headers.filter((_, i) => i % 2 === 0);
  expect(names).toEqual(["Host", "Content-Type", "X-Sig", "X-Replayed", "Content-Length", "Connection"]);

  // The replay is kept with the request's deliveries, with what was sent; the URL is offered next time.
  await page.keyboard.press("Escape");
  const delivery = page.getByTestId("request-deliveries").getByTestId("delivery");
  await expect(delivery.getByTestId("delivery-label")).toHaveText("Replay, edited");
  await expect(delivery.getByTestId("attempt-status")).toHaveText("202");
  await delivery.getByText("What was sent").click();
  await expect(delivery.getByTestId("delivery-sent")).toContainText(`PUT http://127.0.0.1:${port}/edited/hooks?x=1`);
  await page.getByTestId("open-replay").click();
  await expect(page.getByTestId("replay-url")).toHaveValue(`http://127.0.0.1:${port}/edited{path}?{query}`);
});

test("bulk replay of the current search: progress, pause and resume, and the summary", async ({ page }) => {
  const port = (target.address() as AddressInfo).port;
  const ep = await createEndpointViaUi(page, `Bulk ${Date.now()}`);
  for (let i = 1; i <= 8; i++) await sendOk(ep.url, { method: "POST", path: `/n/${i}`, body: `{"n":${i}}` });
  await sendOk(ep.url, { method: "GET", path: "/not-this-one" });
  await search(page, "method:POST", [8, 7, 6, 5, 4, 3, 2, 1]);

  await endpointAction(page, "Replay matching requests…");
  const dialog = page.getByTestId("bulk-replay-dialog");
  await expect(dialog.getByTestId("bulk-matching")).toContainText("8 requests match method:POST");
  await dialog.getByTestId("replay-url").fill(`http://127.0.0.1:${port}/bulk{path}`);
  await dialog.getByTestId("bulk-rate").fill("4");
  await dialog.getByTestId("bulk-start").click();

  const progress = dialog.getByTestId("bulk-progress");
  await expect(progress).toHaveAttribute("data-state", "running");
  await expect.poll(async () => Number(await progress.getByTestId("bulk-sent").textContent())).toBeGreaterThanOrEqual(2);
  await progress.getByTestId("bulk-pause").click();
  await expect(progress).toHaveAttribute("data-state", "paused");
  const heldAt = Number(await progress.getByTestId("bulk-sent").textContent());
  await page.waitForTimeout(800); // at 4/s, three more would have gone
  expect(Number(await progress.getByTestId("bulk-sent").textContent())).toBeLessThanOrEqual(heldAt + 1);
  await progress.getByTestId("bulk-resume").click();
  await expect(progress).toHaveAttribute("data-state", "completed", { timeout: 15_000 });
  await expect(progress.getByTestId("bulk-counts")).toContainText("8 of 8 sent · 7 succeeded · 1 failed");
  await expect(progress.getByTestId("bulk-summary")).toContainText("202 × 7");
  await expect(progress.getByTestId("bulk-summary")).toContainText("503 × 1");
  await expect(progress.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "8");
  // In the original order.
  expect(received.filter((r) => r.url.startsWith("/bulk")).map((r) => r.url)).toEqual(Array.from({ length: 8 }, (_, i) => `/bulk/n/${i + 1}`));
});

test("the dashboard shows what the CLI forwarded: \"Forwarded by CLI: 202 in N ms\"", async ({ page }) => {
  const port = (target.address() as AddressInfo).port;
  const ep = await createEndpointViaUi(page, `CLI ${Date.now()}`);
  const token = (await (await page.request.post("/api/tokens", { data: { name: "e2e cli" } })).json()).token as string;
  const cli = spawn(process.execPath, ["cli/bin.mjs", "listen", ep.id, "--to", `http://127.0.0.1:${port}/cli`], {
    env: { ...process.env, WEBHOOK_INBOX_SERVER: baseURL, WEBHOOK_INBOX_TOKEN: token, XDG_CONFIG_HOME: ".e2e-data/cli-config" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  try {
    let said = "";
    cli.stderr!.on("data", (d: Buffer) => (said += d));
    await expect.poll(() => said).toContain("(Ctrl-C to stop)");
    await sendOk(ep.url, { method: "POST", path: "/from-provider", body: '{"via":"cli"}' });
    await expect(rowBySeq(page, 1)).toHaveAttribute("aria-selected", "true");
    const delivery = page.getByTestId("request-deliveries").getByTestId("delivery");
    await expect(delivery.getByTestId("delivery-label")).toHaveText(/^Forwarded by CLI: 202 in \d+ ms$/);
    await expect(delivery.getByTestId("attempt-response")).toHaveText('receiver saw POST {"via":"cli"}');
    expect(received.at(-1)).toMatchObject({ method: "POST", url: "/cli", body: '{"via":"cli"}' });
  } finally {
    cli.kill("SIGINT");
  }
});
