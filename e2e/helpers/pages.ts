import { expect, type Page } from "@playwright/test";
import { createEndpointViaApi, expectSeqs, openInbox, sendOk, showTab, type TestEndpoint } from "./inbox";

/** An endpoint with a few requests of different shapes, one forwarding rule, and its inbox open. */
export async function populatedInbox(page: Page, name: string): Promise<TestEndpoint> {
  const ep = await createEndpointViaApi(page.request, name);
  const rule = await page.request.post(`/api/endpoints/${ep.id}/rules`, {
    data: { name: "to staging", targetUrl: "https://staging.example.com/hooks{path}", conditions: [{ type: "json", path: "type", op: "equals", value: "invoice.paid" }] },
  });
  expect(rule.status()).toBe(201);
  const json: [string, string] = ["Content-Type", "application/json"];
  await sendOk(ep.url, { method: "POST", path: "/stripe/charges", headers: [json, ["Stripe-Signature", "t=1,v1=abc"]], body: JSON.stringify({ id: "evt_1", type: "charge.succeeded", data: { object: { amount: 4200, currency: "usd" } } }) });
  await sendOk(ep.url, { method: "PUT", path: "/orders/7?expand=items", headers: [["Content-Type", "application/x-www-form-urlencoded"]], body: "status=shipped&carrier=ups" });
  await sendOk(ep.url, { method: "GET", path: "/health" });
  await sendOk(ep.url, { method: "POST", path: "/stripe/invoices", headers: [json], body: JSON.stringify({ id: "evt_2", type: "invoice.paid", data: { object: { amount: 9900, lines: [{ sku: "pro" }] } } }) });
  await openInbox(page, ep);
  await expectSeqs(page, [4, 3, 2, 1]);
  return ep;
}

/** The selected request's Body tab (what most screenshots and checks want to see). */
export async function showBody(page: Page) {
  await showTab(page, "Body");
  await expect(page.getByTestId("request-detail").getByTestId("json-tree")).toBeVisible();
}
