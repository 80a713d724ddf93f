import type { RequestDetailDto } from "./present";

export type BodyKind = "empty" | "json" | "form" | "multipart" | "xml" | "image" | "text" | "binary";

/**
 * Raster types a browser can show safely. image/svg+xml is deliberately absent: SVG is a
 * document that can carry script and links, so it is shown as XML text instead.
 */
export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp", "image/x-icon"] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

type BodyInput = Pick<RequestDetailDto, "contentType" | "bodyBase64" | "bodyText" | "size">;

/** "Application/JSON; charset=utf-8" -> "application/json". */
export function mimeType(contentType: string | null): string {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

/** The allow-listed image type for a request, or null; callers build data/blob URLs only from this. */
export function imageType(contentType: string | null): ImageType | null {
  const mime = mimeType(contentType);
  return (IMAGE_TYPES as readonly string[]).includes(mime) ? (mime as ImageType) : null;
}

function isJsonType(mime: string): boolean {
  return mime === "application/json" || mime.endsWith("+json");
}

/** The parsed body when it is JSON, else undefined (JSON `null` is a valid body and returns null). */
export function parseJsonBody(text: string | null): unknown {
  if (text === null || text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Picks a viewer from the declared type and the actual bytes. Senders often lie or omit the
 * type, so a declared JSON body that does not parse falls back to text, and an undeclared body
 * that parses as an object/array is still shown as JSON.
 */
export function bodyKind(detail: BodyInput): BodyKind {
  if (detail.size === 0 || detail.bodyBase64 === "") return "empty";
  const mime = mimeType(detail.contentType);
  const text = detail.bodyText;
  if (imageType(mime)) return "image";
  if (mime.startsWith("multipart/")) return "multipart";
  if (text === null) return "binary";
  if (mime === "application/x-www-form-urlencoded") return "form";
  const parsed = parseJsonBody(text);
  if (parsed !== undefined && (isJsonType(mime) || (typeof parsed === "object" && parsed !== null))) return "json";
  if (mime.includes("xml") || text.trimStart().startsWith("<?xml")) return "xml";
  return "text";
}

/** Exact bytes from base64 with atob, so the same code runs in the browser and in Node >= 16. */
export function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** Base64 of exact bytes with btoa (browser and Node alike), in chunks so large bodies do not overflow the call stack. */
export function encodeBase64(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** File extension for "Download body", chosen from the kind (and the image type for images). */
export function bodyExtension(kind: BodyKind, contentType: string | null): string {
  switch (kind) {
    case "json": return "json";
    case "xml": return "xml";
    case "form":
    case "text": return "txt";
    case "image": {
      const ext: Record<ImageType, string> = {
        "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp",
        "image/avif": "avif", "image/bmp": "bmp", "image/x-icon": "ico",
      };
      const t = imageType(contentType);
      return t ? ext[t] : "bin";
    }
    default: return "bin";
  }
}
