import { expect, type Page } from "@playwright/test";

/**
 * What a uPlot chart drew, read from its canvas: per colour asked for, how many pixels are (nearly)
 * that colour. A series drawn on the chart leaves pixels of its colour; an empty canvas leaves none.
 */
export async function chartPixels(page: Page, testId: string, colors: string[]): Promise<number[]> {
  return page.getByTestId(testId).evaluate((figure, hexes) => {
    const canvas = figure.querySelector("canvas");
    if (!canvas) return hexes.map(() => 0);
    const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
    const rgb = hexes.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
    const counts = hexes.map(() => 0);
    for (let p = 0; p < data.length; p += 4) {
      if (data[p + 3] < 64) continue; // un-premultiplied: a line's soft edge keeps its colour
      rgb.forEach(([r, g, b], i) => {
        if (Math.abs(data[p] - r) + Math.abs(data[p + 1] - g) + Math.abs(data[p + 2] - b) < 30) counts[i]++;
      });
    }
    return counts;
  }, colors);
}

/** The chart is there, names exactly these series (its legend too), and drew each of them. */
export async function expectChart(page: Page, testId: string, series: { label: string | RegExp; color: string }[]) {
  const figure = page.getByTestId(testId);
  await expect(figure).toHaveAttribute("data-series", /./);
  const named = (await figure.getAttribute("data-series"))!.split("|");
  expect(named).toHaveLength(series.length);
  series.forEach((s, i) => (typeof s.label === "string" ? expect(named[i]).toBe(s.label) : expect(named[i]).toMatch(s.label)));
  for (const label of named) await expect(figure.locator(".u-legend")).toContainText(label);
  await expect.poll(async () => (await chartPixels(page, testId, series.map((s) => s.color))).every((n) => n > 0), { message: `${testId} draws every series` }).toBe(true);
}
