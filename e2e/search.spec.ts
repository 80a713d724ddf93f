import { expect, test } from "@playwright/test";
import { createEndpointViaApi, expectSeqs, openInbox, search, sendOk } from "./helpers/inbox";

const json = (v: unknown) => JSON.stringify(v);
const jsonType: [string, string] = ["Content-Type", "application/json"];

test("one search bar: every operator of the query language, chips for what is active, the syntax explained", async ({ page }) => {
  const ep = await createEndpointViaApi(page.request, `Operators ${Date.now()}`);
  await sendOk(ep.url, { method: "POST", path: "/stripe/charges", headers: [jsonType, ["User-Agent", "Stripe/1.0"], ["X-Sig", "abc"]], body: json({ id: "evt_1", type: "charge.succeeded", amount: 4000, status: "paid" }) });
  await sendOk(ep.url, { method: "POST", path: "/stripe/invoices", headers: [jsonType, ["User-Agent", "Stripe/1.0"]], body: json({ id: "evt_2", type: "invoice.paid", amount: 5000, status: "refunded", note: "two words here" }) });
  await sendOk(ep.url, { method: "PUT", path: "/a/b/c", headers: [jsonType, ["X-Env", "live"]], body: json({ id: "x_3", amount: 100 }) });
  await sendOk(ep.url, { method: "GET", path: "/health" });
  await sendOk(ep.url, { method: "POST", path: "/github", headers: [jsonType, ["User-Agent", "GitHub-Hookshot"], ["X-Env", "test"]], body: json({ action: "refund requested" }) });
  await openInbox(page, ep);
  await expectSeqs(page, [5, 4, 3, 2, 1]);

  const cases: [string, number[]][] = [
    ["evt_1", [1]], // free text
    ['"two words"', [2]], // a phrase
    ["body:refund", [5, 2]],
    ["method:POST,PUT", [5, 3, 2, 1]],
    ["-method:GET", [5, 3, 2, 1]], // negation
    ["path:/stripe/*", [2, 1]],
    ["path:/a/**", [3]],
    ["header:x-sig", [1]], // present
    ["header:x-env=live", [3]], // equals
    ["header:user-agent~^Stripe", [2, 1]], // regex
    ["body.type:invoice.paid", [2]], // JSON equals
    ["body.amount:>4000", [2]],
    ["body.amount:>=4000", [2, 1]],
    ["body.amount:<4000", [3]],
    ["body.amount:<=4000", [3, 1]],
    ["body.status:*", [2, 1]], // exists
    ["body.id:~^evt_", [2, 1]], // JSON regex
    ["body.status:(paid|refunded)", [2, 1]], // one of
    ["after:1h", [5, 4, 3, 2, 1]],
    ["before:1h", []],
  ];
  for (const [q, seqs] of cases) await search(page, q, seqs);

  // Several terms: all must hold, one chip each.
  await search(page, 'method:POST path:/stripe/* header:user-agent body.amount:>4000 "two words"', [2]);
  await expect(page.getByTestId("filter-chip")).toHaveText([
    "method POST", "path /stripe/*", "header user-agent", "body.amount > 4000", 'body contains "two words"',
  ]);
  await expect(page.getByTestId("request-count")).toHaveText("1 match");

  // A term that cannot be read is named, and the last good results stay.
  await page.getByLabel("Search requests").fill("body.amount:>lots");
  await expect(page.getByTestId("search-error")).toContainText("body.amount:>lots");
  await expect(page.getByLabel("Search requests")).toHaveAttribute("aria-invalid", "true");
  await expectSeqs(page, [2]);

  // The syntax popover explains each key, and its examples fill the box.
  await page.getByLabel("Search requests").fill("");
  await page.getByTestId("query-help").click();
  const help = page.getByTestId("query-help-popover");
  await expect(help).toContainText("body.<field>:>n");
  await help.getByRole("button", { name: "path:/stripe/*", exact: true }).click();
  await expect(page.getByLabel("Search requests")).toHaveValue("path:/stripe/*");
  await page.keyboard.press("Escape");
  await expectSeqs(page, [2, 1]);
});
