import { describe, expect, it } from "vitest";
import { multipartBoundary, parseMultipart } from "./multipart";

const enc = new TextEncoder();
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe("multipartBoundary", () => {
  it("reads plain and quoted boundaries, only for multipart types", () => {
    expect(multipartBoundary("multipart/form-data; boundary=----abc123")).toBe("----abc123");
    expect(multipartBoundary('multipart/mixed; charset=utf-8; boundary="a b\\"c"')).toBe('a b"c');
    expect(multipartBoundary("application/json; boundary=x")).toBeNull();
    expect(multipartBoundary("multipart/form-data")).toBeNull();
  });
});

describe("parseMultipart", () => {
  const file = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff);
  const body = new Uint8Array([
    ...enc.encode("preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHello\r\nworld\r\n"),
    ...enc.encode('--XyZ\r\nContent-Disposition: form-data; name="upload"; filename="logo.png"\r\nContent-Type: image/png\r\n\r\n'),
    ...file,
    ...enc.encode("\r\n--XyZ\r\nContent-Disposition: form-data; name=\"empty\"\r\n\r\n\r\n--XyZ--\r\nepilogue"),
  ]);

  it("splits fields and files with their exact bytes", () => {
    const parts = parseMultipart(body, "multipart/form-data; boundary=XyZ")!;
    expect(parts.map((p) => [p.name, p.filename, p.contentType])).toEqual([
      ["title", null, null],
      ["upload", "logo.png", "image/png"],
      ["empty", null, null],
    ]);
    expect(text(parts[0].bytes)).toBe("Hello\r\nworld");
    expect([...parts[1].bytes]).toEqual([...file]);
    expect(parts[2].bytes.length).toBe(0);
    expect(parts[1].headers).toEqual([["Content-Disposition", 'form-data; name="upload"; filename="logo.png"'], ["Content-Type", "image/png"]]);
  });

  it("accepts LF line ends, RFC 5987 filenames and a missing closing delimiter", () => {
    const lf = enc.encode("--b\nContent-Disposition: form-data; name=f; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf\n\nPDF")
    const parts = parseMultipart(lf, "multipart/form-data; boundary=b")!;
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ name: "f", filename: "résumé.pdf" });
    expect(text(parts[0].bytes)).toBe("PDF");
  });

  it("is null when the boundary never occurs", () => {
    expect(parseMultipart(enc.encode("just text"), "multipart/form-data; boundary=zzz")).toBeNull();
  });
});
