/**
 * Renders public/icon.svg into the PNG and ICO files browsers and home screens ask for
 * (favicon.ico, apple-touch-icon.png, icon-192.png, icon-512.png). Run after changing the SVG:
 * `npx tsx scripts/make-icons.ts` (uses Debian's Chromium, like the e2e suite).
 */
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

const dir = path.resolve(import.meta.dirname, "../public");
const svg = fs.readFileSync(path.join(dir, "icon.svg"), "utf8");

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage();
async function png(size: number, padding = 0): Promise<Buffer> {
  await page.setViewportSize({ width: size, height: size });
  const bg = padding ? "#4f46e5" : "transparent";
  await page.setContent(`<html><body style="margin:0;background:${bg}"><div style="padding:${padding}px">${svg.replace("<svg ", `<svg width="${size - 2 * padding}" height="${size - 2 * padding}" `)}</div></body></html>`);
  return page.screenshot({ omitBackground: !padding, clip: { x: 0, y: 0, width: size, height: size } });
}

/** An ICO holding PNG images (supported by every browser since IE Vista era). */
function ico(images: { size: number; data: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, e);
    header.writeUInt8(size >= 256 ? 0 : size, e + 1);
    header.writeUInt16LE(1, e + 4); // colour planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(data.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.data)]);
}

const sizes = [16, 32, 48];
fs.writeFileSync(path.join(dir, "favicon.ico"), ico(await Promise.all(sizes.map(async (size) => ({ size, data: await png(size) })))));
// Home-screen icons get a full-bleed background: iOS and Android mask them to their own shapes.
fs.writeFileSync(path.join(dir, "apple-touch-icon.png"), await png(180, 18));
fs.writeFileSync(path.join(dir, "icon-192.png"), await png(192, 19));
fs.writeFileSync(path.join(dir, "icon-512.png"), await png(512, 51));
await browser.close();
console.log("icons written to", dir);
