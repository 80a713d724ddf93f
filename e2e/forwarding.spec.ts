import { expect, test } from "@playwright/test";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createEndpointViaUi, rowBySeq, sendOk, toast } from "./helpers/inbox";

// A real receiver on loopback (opened to the app by FORWARD_ALLOW_CIDRS in playwright.config.ts).
let target: Server;
const received: { method: string; url: string; body: string; idempotencyKey: string | undefined }[] = [];
test.beforeAll(async () => {
  target = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ method: req.method!, url: req.url!, body, idempotencyKey: req.headers["idempotency-key"] as string | undefined });
      res.writeHead(201, { "Content-Type": "text/plain", "X-Receiver": "e2e" });
      res.end(`receiver got ${body.length} bytes`);
    });
  });
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
});
test.afterAll(() => new Promise<void>((r) => target.close(() => r())));

test("rule builder: conditions as rows, a dry run on the selected request, create (once), live delivery dots, edit, pause", async ({ page }) => {
  const port = (target.address() as AddressInfo).port;
  const ep = await createEndpointViaUi(page, `Forwarded ${Date.now()}`);
  const json = [["Content-Type", "application/json"]] as [string, string][];
  const sample = await sendOk(ep.url, { method: "POST", path: "/orders?id=7", headers: json, body: '{"kind":"order.paid","id":7}' });
  await expect(rowBySeq(page, 1)).toHaveAttribute("aria-selected", "true"); // followed on arrival

  await page.getByTestId("open-rules").click();
  const sheet = page.getByTestId("rules-sheet");
  await sheet.getByRole("button", { name: "New rule" }).click();
  const editor = sheet.getByTestId("rule-editor");
  await editor.getByLabel("Name", { exact: true }).fill("to receiver");
  await editor.getByLabel("Target URL").fill(`http://127.0.0.1:${port}/in{path}?{query}`);
  await editor.getByRole("button", { name: "Add condition" }).click();
  await editor.getByLabel("Condition 1 value").fill("post");
  await editor.getByRole("button", { name: "Add condition" }).click();
  await editor.getByLabel("Condition 2 field").selectOption("json");
  await editor.getByLabel("Condition 2 JSON field").fill("kind");
  await editor.getByLabel("Condition 2 operator").selectOption("matches");
  await editor.getByLabel("Condition 2 value").fill("(");
  // Each row is a search term, checked by the same parser as the search bar.
  await expect(editor.getByTestId("condition-term").first()).toHaveText("method:post");
  await editor.getByRole("button", { name: "Test against request #1" }).click();
  await expect(editor.getByTestId("condition-error")).toContainText("regex");
  await editor.getByLabel("Condition 2 operator").selectOption("equals");
  await editor.getByLabel("Condition 2 value").fill("order.refunded");
  await expect(editor.getByTestId("condition-term").nth(1)).toHaveText("body.kind:order.refunded");

  // Dry run: which condition fails, and nothing is sent.
  await editor.getByRole("button", { name: "Test against request #1" }).click();
  const result = editor.getByTestId("rule-test-result");
  await expect(result).toHaveAttribute("data-matches", "false");
  await expect(result).toContainText("1 of 2 conditions fail");
  await expect(editor.getByTestId("condition-result")).toHaveCount(2);
  await expect(editor.getByTestId("condition-result").nth(1)).toHaveAttribute("data-ok", "false");
  await editor.getByLabel("Condition 2 value").fill("order.paid");
  await editor.getByRole("button", { name: "Test against request #1" }).click();
  await expect(result).toHaveAttribute("data-matches", "true");
  await expect(editor.getByTestId("rule-test-target")).toHaveText(`POST http://127.0.0.1:${port}/in/orders?id=7`);
  await expect(editor.getByTestId("rule-test-headers")).toContainText("Idempotency-Key");
  expect(received).toEqual([]);

  // A fixed retry policy needs no cap; a double click creates the rule once.
  await editor.getByLabel("Retry policy").selectOption("custom");
  await editor.getByLabel("Backoff").selectOption("fixed");
  await editor.getByLabel("Retries", { exact: true }).fill("2");
  await editor.getByLabel("First wait (s)").fill("1");
  await expect(editor.getByTestId("retry-schedule")).toHaveText("First try at once, then retries after 1 s, 1 s");
  await editor.getByRole("button", { name: "Create rule" }).dblclick();
  await expect(toast(page, "Rule “to receiver” created")).toBeVisible();
  await expect(sheet.getByTestId("rule-row")).toHaveCount(1);
  await expect(sheet.getByTestId("rule-editor")).toHaveCount(0); // back to the list, form gone
  await expect(sheet.getByTestId("rule-row")).toContainText('kind = "order.paid"');
  await page.keyboard.press("Escape"); // closes the sheet
  await expect(sheet).toHaveCount(0);

  const skipped = await sendOk(ep.url, { method: "POST", path: "/orders", headers: json, body: '{"kind":"order.created"}' });
  const sent = await sendOk(ep.url, { method: "POST", path: "/orders?id=8", headers: json, body: '{"kind":"order.paid","id":8}' });
  const { id } = JSON.parse(sent.body) as { id: string };
  expect(JSON.parse(skipped.body).id).toBeTruthy();
  // The forwarded row's dot turns green from the live stream; the skipped one has none.
  await expect(rowBySeq(page, 3).getByTestId("forwarding-dot")).toHaveAttribute("data-state", "succeeded");
  await expect(rowBySeq(page, 2).getByTestId("forwarding-dot")).toHaveCount(0);
  await expect.poll(() => received.map((r) => r.url)).toEqual(["/in/orders?id=8"]);
  expect(received[0]).toMatchObject({ method: "POST", body: '{"kind":"order.paid","id":8}', idempotencyKey: id });

  const delivery = page.getByTestId("delivery");
  await expect(delivery).toHaveAttribute("data-state", "succeeded");
  await expect(delivery.getByTestId("attempt-status")).toHaveText("201");
  await expect(delivery.getByTestId("attempt-response")).toHaveText("receiver got 28 bytes");

  // Edit: the rule opens with its saved values; the change shows on its card.
  await page.getByTestId("open-rules").click();
  await sheet.getByTestId("rule-row").getByRole("button", { name: "Edit" }).click();
  await expect(editor.getByLabel("Name", { exact: true })).toHaveValue("to receiver");
  await expect(editor.getByLabel("Condition 2 value")).toHaveValue("order.paid");
  await expect(editor.getByLabel("Retry policy")).toHaveValue("custom");
  await editor.getByLabel("Condition 2 value").fill("order.refunded");
  await editor.getByLabel("Retry policy").selectOption("quick");
  await editor.getByRole("button", { name: "Save rule" }).click();
  await expect(toast(page, "Rule “to receiver” saved")).toBeVisible();
  const card = sheet.getByTestId("rule-row");
  await expect(card).toContainText('kind = "order.refunded"');
  await expect(card).toContainText("after 10 s, 10 s, 10 s, 10 s, 10 s");

  // The same attempt, from the rule's side; then a pause shows at once, with the sheet open.
  await card.getByRole("button", { name: "Deliveries" }).click();
  await expect(sheet.getByTestId("rule-delivery")).toHaveCount(1);
  await expect(sheet.getByTestId("rule-delivery")).toContainText("201 in");
  await card.getByRole("button", { name: "Pause" }).click();
  await expect(card.getByTestId("rule-paused")).toBeVisible();
  await expect(toast(page, "Rule paused")).toBeVisible();

  // The sidebar says so too: the endpoint's health dot and a word next to its count.
  await page.keyboard.press("Escape");
  const mine = page.getByRole("navigation", { name: "Endpoints" }).locator('[aria-current="page"]');
  await expect(mine.getByTestId("health-dot")).toHaveAttribute("data-health", "paused");
  await expect(mine.getByTestId("endpoint-forwarding")).toHaveText("forwarding paused");
});

test("a rule the server refuses says why, outlines the field, and shows a toast", async ({ page }) => {
  await createEndpointViaUi(page, `Refused ${Date.now()}`);
  await page.getByTestId("open-rules").click();
  const editor = page.getByTestId("rule-editor");
  await page.getByRole("button", { name: "New rule" }).click();
  await editor.getByLabel("Name", { exact: true }).fill("bad target");
  await editor.getByLabel("Target URL").fill("ftp://example.com/x");
  await editor.getByRole("button", { name: "Create rule" }).click();
  await expect(toast(page, "The rule was not created")).toBeVisible();
  await expect(toast(page, "The rule was not created")).toContainText("Target URL");
  await expect(editor.getByLabel("Target URL")).toHaveAttribute("aria-invalid", "true");
  await expect(editor.getByTestId("field-error")).toContainText("Target URL");
  await expect(page.getByTestId("rule-row")).toHaveCount(0);
});
