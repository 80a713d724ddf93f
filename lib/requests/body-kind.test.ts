import { describe, expect, it } from "vitest";
import { bodyExtension, bodyKind, decodeBase64, encodeBase64, imageType, mimeType } from "./body-kind";

const strict = new TextDecoder("utf-8", { fatal: true });
function body(contentType: string | null, bytes: Uint8Array | string) {
  const b = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  let bodyText: string | null = null;
  try {
    bodyText = strict.decode(b);
  } catch {
    bodyText = null;
  }
  return { contentType, bodyBase64: Buffer.from(b).toString("base64"), bodyText, size: b.length };
}

describe("bodyKind", () => {
  it("empty", () => {
    expect(bodyKind(body("application/json", ""))).toBe("empty");
  });
  it("json by type, +json suffix, and by content", () => {
    expect(bodyKind(body("application/json; charset=utf-8", '{"a":1}'))).toBe("json");
    expect(bodyKind(body("application/vnd.api+json", "[1,2]"))).toBe("json");
    expect(bodyKind(body("application/json", "42"))).toBe("json");
    expect(bodyKind(body(null, ' {"id":"evt_1"}'))).toBe("json");
    expect(bodyKind(body("text/plain", "[1]"))).toBe("json");
  });
  it("a scalar without a JSON type is text, and broken JSON with a JSON type is text", () => {
    expect(bodyKind(body("text/plain", "42"))).toBe("text");
    expect(bodyKind(body("application/json", "{nope"))).toBe("text");
  });
  it("form", () => {
    expect(bodyKind(body("application/x-www-form-urlencoded", "a=1&b=2"))).toBe("form");
  });
  it("multipart, even when not valid UTF-8", () => {
    expect(bodyKind(body("multipart/form-data; boundary=x", "--x\r\n"))).toBe("multipart");
    expect(bodyKind(body("multipart/form-data; boundary=x", new Uint8Array([0xff, 0xfe])))).toBe("multipart");
  });
  it("xml by type or prolog, svg is xml not image", () => {
    expect(bodyKind(body("application/xml", "<a/>"))).toBe("xml");
    expect(bodyKind(body("image/svg+xml", "<svg onload='x'/>"))).toBe("xml");
    expect(bodyKind(body(null, '<?xml version="1.0"?><a/>'))).toBe("xml");
  });
  it("image only for allow-listed raster types", () => {
    expect(bodyKind(body("image/png", new Uint8Array([0x89, 0x50, 0x4e, 0x47])))).toBe("image");
    expect(bodyKind(body("IMAGE/JPEG", new Uint8Array([0xff, 0xd8])))).toBe("image");
    expect(bodyKind(body("image/tiff", new Uint8Array([0x49, 0x49, 0x2a, 0xff])))).toBe("binary");
  });
  it("text and binary", () => {
    expect(bodyKind(body("text/plain", "héllo"))).toBe("text");
    expect(bodyKind(body("application/octet-stream", new Uint8Array([0, 1, 0xff])))).toBe("binary");
    expect(bodyKind(body("application/json", new Uint8Array([0xc3])))).toBe("binary");
  });
});

describe("helpers", () => {
  it("encodeBase64 round-trips exact bytes, large ones too", () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 7) % 256);
    expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
    expect(Array.from(decodeBase64(encodeBase64(new Uint8Array([0, 255, 128]))))).toEqual([0, 255, 128]);
  });

  it("decodeBase64 returns the exact bytes", () => {
    expect(Array.from(decodeBase64("AAH/gA=="))).toEqual([0, 1, 255, 128]);
    expect(Array.from(decodeBase64(""))).toEqual([]);
  });
  it("mimeType and imageType", () => {
    expect(mimeType(" Text/HTML ; charset=x")).toBe("text/html");
    expect(mimeType(null)).toBe("");
    expect(imageType("image/webp")).toBe("image/webp");
    expect(imageType("image/svg+xml")).toBeNull();
  });
  it("bodyExtension", () => {
    expect(bodyExtension("json", null)).toBe("json");
    expect(bodyExtension("image", "image/jpeg")).toBe("jpg");
    expect(bodyExtension("form", null)).toBe("txt");
    expect(bodyExtension("multipart", null)).toBe("bin");
    expect(bodyExtension("binary", null)).toBe("bin");
  });
});
