import { expect, test } from "@playwright/test";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

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

test("create a forwarding rule in the UI, send a request, see the attempt and the target's answer", async ({ page }) => {
  const port = (target.address() as AddressInfo).port;
  await page.goto("/endpoints");
  await page.getByLabel("New endpoint name").fill("Forwarded");
  await page.getByRole("button", { name: "Create endpoint" }).click();
  await page.getByTestId("endpoint-name").filter({ hasText: "Forwarded" }).click();
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");

  await page.getByRole("button", { name: "Forwarding" }).click();
  // A malformed rule is refused with the field named.
  await page.getByLabel("Rule name").fill("to receiver");
  await page.getByLabel("Target URL").fill(`http://127.0.0.1:${port}/in{path}?{query}`);
  await page.getByLabel("Conditions").fill('[{"type":"json","path":"kind","op":"matches","pattern":"("}]');
  await page.getByRole("button", { name: "Create rule" }).click();
  await expect(page.getByTestId("rule-form").getByRole("alert")).toContainText("conditions.0.pattern");

  await page.getByLabel("Conditions").fill('[{"type":"method","in":["POST"]},{"type":"json","path":"kind","op":"equals","value":"order.paid"}]');
  await page.getByRole("button", { name: "Create rule" }).click();
  await expect(page.getByTestId("rule-row")).toHaveCount(1);
  await expect(page.getByTestId("rule-row")).toContainText("to receiver");

  const url = (await page.getByTestId("endpoint-url").textContent())!;
  const skipped = await fetch(`${url}/orders`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"kind":"order.created"}' });
  const sent = await fetch(`${url}/orders?id=7`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"kind":"order.paid","id":7}' });
  const { id } = (await sent.json()) as { id: string };
  expect(skipped.status).toBe(200);

  await expect(page.getByTestId("request-row")).toHaveCount(2);
  await page.getByTestId("request-row").first().click();
  const delivery = page.getByTestId("delivery");
  await expect(delivery).toHaveAttribute("data-state", "succeeded");
  await expect(delivery).toContainText("to receiver");
  await expect(delivery.getByTestId("attempt-status")).toHaveText("201");
  await expect(delivery.getByTestId("attempt-response")).toHaveText("receiver got 28 bytes");

  expect(received).toEqual([{ method: "POST", url: "/in/orders?id=7", body: '{"kind":"order.paid","id":7}', idempotencyKey: id }]);

  // The same attempt is visible from the rule's side.
  await page.getByTestId("rule-row").getByRole("button", { name: "Deliveries" }).click();
  const perRule = page.getByTestId("rule-delivery");
  await expect(perRule).toHaveCount(1);
  await expect(perRule).toHaveAttribute("data-state", "succeeded");
  await expect(perRule).toContainText("/orders");
  await expect(perRule).toContainText("201 in");

  // The request that did not match has no forwarding section at all.
  await page.getByTestId("request-row").nth(1).click();
  await expect(page.getByTestId("request-detail")).toBeVisible();
  await expect(page.getByTestId("request-deliveries")).toHaveCount(0);
});
