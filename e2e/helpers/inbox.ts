import http from "node:http";
import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";

/** An endpoint as the specs need it: its id (for /endpoints/<id>) and its inbound URL. */
export type TestEndpoint = { id: string; slug: string; url: string };

/** Creates an endpoint with the sidebar's "New endpoint" dialog; the app then opens its inbox. */
export async function createEndpointViaUi(page: Page, name: string): Promise<TestEndpoint> {
  await page.goto("/endpoints");
  await page.getByRole("navigation", { name: "Endpoints" }).getByRole("button", { name: "New endpoint" }).click();
  const dialog = page.getByRole("dialog", { name: "New endpoint" });
  await dialog.getByLabel("Name (optional)").fill(name);
  await dialog.getByRole("button", { name: "Create endpoint" }).click();
  await expect(page.getByTestId("endpoint-title")).toHaveText(name);
  await expect(page).toHaveURL(/\/endpoints\/[^/]+$/);
  const id = new URL(page.url()).pathname.split("/").pop()!;
  const url = (await page.getByTestId("endpoint-url").textContent())!.trim();
  return { id, slug: slugOf(url), url };
}

/** Creates an endpoint with the page's session through the JSON API (faster than the form). */
export async function createEndpointViaApi(request: APIRequestContext, name: string): Promise<TestEndpoint> {
  const res = await request.post("/api/endpoints", { data: { name } });
  expect(res.status()).toBe(201);
  const body = (await res.json()) as { id: string; slug: string; url: string };
  return { id: body.id, slug: body.slug, url: body.url };
}

function slugOf(inboundUrl: string): string {
  const m = /\/h\/([^/?#]+)$/.exec(new URL(inboundUrl).pathname);
  if (!m) throw new Error(`not an inbound URL: ${inboundUrl}`);
  return m[1];
}

export function liveStatus(page: Page): Locator {
  return page.getByTestId("live-status");
}

/** Opens the endpoint's inbox and waits until its SSE stream is connected. */
export async function openInbox(page: Page, endpoint: TestEndpoint) {
  await page.goto(`/endpoints/${endpoint.id}`);
  await expect(page.getByTestId("endpoint-url")).toHaveText(endpoint.url);
  await expect(liveStatus(page)).toHaveAttribute("data-status", "live");
}

export type SendOptions = {
  method?: string;
  /** Sub-path (and query) after /h/<slug>, sent byte for byte. */
  path?: string;
  /** Raw header pairs in wire order; Host, Content-Length and Connection are added when absent. */
  headers?: [string, string][];
  body?: string | Buffer;
  timeoutMs?: number;
};
/** sentHeaders: the exact header pairs written to the wire, in order. */
export type SendResult = { status: number; body: string; sentHeaders: [string, string][] };

/**
 * Sends one request to an inbound URL from the test process with node:http, so the exact header
 * order, duplicates and the raw path reach the server as written (fetch would add and reorder).
 */
export function send(inboundUrl: string, opts: SendOptions = {}): Promise<SendResult> {
  const u = new URL(inboundUrl);
  const body = opts.body === undefined ? undefined : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body, "utf8");
  const given = opts.headers ?? [];
  const has = (n: string) => given.some(([k]) => k.toLowerCase() === n);
  const pairs: [string, string][] = [
    ...(has("host") ? [] : [["Host", u.host] as [string, string]]),
    ...given,
    ...(body && !has("content-length") ? [["Content-Length", String(body.length)] as [string, string]] : []),
    ...(has("connection") ? [] : [["Connection", "close"] as [string, string]]),
  ];
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        method: opts.method ?? (body ? "POST" : "GET"),
        path: u.pathname + (opts.path ?? ""),
        headers: pairs.flat(),
        agent: false,
        timeout: opts.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), sentHeaders: pairs }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("request timed out")));
    req.on("error", reject);
    req.end(body);
  });
}

/** Sends and asserts the inbound URL acknowledged it with a 2xx. */
export async function sendOk(inboundUrl: string, opts: SendOptions = {}): Promise<SendResult> {
  const res = await send(inboundUrl, opts);
  expect(res.status, `inbound ${opts.method ?? ""} ${opts.path ?? ""} -> ${res.status} ${res.body}`).toBeGreaterThanOrEqual(200);
  expect(res.status).toBeLessThan(300);
  return res;
}

export function rows(page: Page): Locator {
  return page.getByTestId("request-row");
}

/** data-seq of every rendered row, top to bottom. */
export async function renderedSeqs(page: Page): Promise<number[]> {
  return page.getByTestId("request-row").evaluateAll((els) =>
    els
      .map((el) => ({ seq: Number(el.getAttribute("data-seq")), top: el.getBoundingClientRect().top }))
      .sort((a, b) => a.top - b.top)
      .map((r) => r.seq),
  );
}

/** request-path text of every rendered row, top to bottom. */
export async function renderedPaths(page: Page): Promise<string[]> {
  return page.getByTestId("request-row").evaluateAll((els) =>
    els
      .map((el) => ({ path: el.querySelector('[data-testid="request-path"]')?.textContent ?? "", top: el.getBoundingClientRect().top }))
      .sort((a, b) => a.top - b.top)
      .map((r) => r.path),
  );
}

/** Waits until the rendered rows are exactly these seqs, top to bottom. */
export async function expectSeqs(page: Page, seqs: number[], timeout = 10_000) {
  await expect.poll(() => renderedSeqs(page), { timeout, message: `rows should be seq ${seqs.join(",")}` }).toEqual(seqs);
}

export function rowBySeq(page: Page, seq: number): Locator {
  return page.locator(`[data-testid="request-row"][data-seq="${seq}"]`);
}

/** Clicks a row and waits for its detail pane (the Overview's "Request #" shows the seq). */
export async function openRequest(page: Page, seq: number) {
  await rowBySeq(page, seq).click();
  await expect(rowBySeq(page, seq)).toHaveAttribute("aria-selected", "true");
  const detail = page.getByTestId("request-detail");
  // The open tab stays when moving between requests; the check reads the Overview.
  await showTab(page, "Overview");
  await expect(detail.locator("dt", { hasText: "Request #" }).locator("xpath=following-sibling::dd[1]")).toHaveText(String(seq));
  return detail;
}

export async function showTab(page: Page, name: "Overview" | "Headers" | "Body" | "Raw") {
  const tab = page.getByTestId("request-detail").getByRole("tab", { name });
  await tab.click();
  await expect(tab).toHaveAttribute("aria-selected", "true");
}

/** Cells of a pairs table (headers, form fields), row by row. */
export async function tablePairs(table: Locator): Promise<[string, string][]> {
  return table.locator("tbody tr").evaluateAll((trs) =>
    trs.map((tr) => {
      const tds = tr.querySelectorAll("td");
      return [tds[0]?.textContent ?? "", tds[1]?.textContent ?? ""] as [string, string];
    }),
  );
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const ROW_HEIGHT = 56; // components/inbox/request-row.tsx

/**
 * Every row of the (virtualized) list in list order, found by scrolling it from top to bottom and
 * reading each rendered row's virtual offset. Unlike a set of seqs, this keeps duplicates visible.
 */
export async function allListRows(page: Page): Promise<{ seq: number; path: string }[]> {
  const list = page.getByTestId("request-list");
  const byIndex = new Map<number, { seq: number; path: string }>();
  let total = 0;
  for (let top = 0; ; ) {
    const view = await list.evaluate(async (el, { top, rowHeight }) => {
      el.scrollTo({ top });
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const rendered = [...el.querySelectorAll<HTMLElement>('[data-testid="request-row"]')].map((b) => {
        const m = /translateY\(([\d.]+)px\)/.exec(b.parentElement?.style.transform ?? "");
        return {
          index: m ? Math.round(Number(m[1]) / rowHeight) : -1,
          seq: Number(b.dataset.seq),
          path: b.querySelector('[data-testid="request-path"]')?.textContent ?? "",
        };
      });
      const inner = el.firstElementChild as HTMLElement;
      return { rendered, scrollTop: el.scrollTop, clientHeight: el.clientHeight, totalHeight: inner.offsetHeight };
    }, { top, rowHeight: ROW_HEIGHT });
    total = Math.round(view.totalHeight / ROW_HEIGHT);
    for (const r of view.rendered) byIndex.set(r.index, { seq: r.seq, path: r.path });
    if (view.scrollTop + view.clientHeight >= view.totalHeight - 1) break;
    top = view.scrollTop + Math.max(ROW_HEIGHT, Math.floor(view.clientHeight / 2));
  }
  const out = Array.from({ length: total }, (_, i) => byIndex.get(i));
  if (out.some((r) => !r)) throw new Error(`rows missing while scrolling the list: got ${byIndex.size} of ${total}`);
  return out as { seq: number; path: string }[];
}

/** Types a query into the search bar and waits until the list shows exactly these seqs. */
export async function search(page: Page, q: string, seqs: number[]) {
  await page.getByLabel("Search requests").fill(q);
  await expectSeqs(page, seqs);
}

/** Opens the endpoint menu (⋯) and picks an item. */
export async function endpointAction(page: Page, item: string | RegExp) {
  await page.getByTestId("endpoint-menu").click();
  await page.getByRole("menuitem", { name: item }).click();
}

/** Confirms the open confirmation dialog with its destructive button. */
export async function confirm(page: Page, button: string) {
  const dialog = page.getByTestId("confirm-dialog");
  await dialog.getByRole("button", { name: button }).click();
  await expect(dialog).toHaveCount(0);
}

/** A toast with this text (sonner renders them in a live region). */
export function toast(page: Page, text: string | RegExp): Locator {
  return page.locator("[data-sonner-toast]").filter({ hasText: text });
}
