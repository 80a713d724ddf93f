import { parseStoredHeaders } from "@/lib/endpoints/settings";

type Summary = {
  id: string; seq: number; method: string; path: string; query: string; size: number;
  contentType: string | null; ip: string; receivedAt: Date;
};

export function presentSummary(r: Summary) {
  return { ...r, receivedAt: r.receivedAt.toISOString() };
}
export type RequestSummaryDto = ReturnType<typeof presentSummary>;

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** bodyText only when the bytes are valid UTF-8; bodyBase64 always carries the exact bytes. */
export function presentDetail(r: Summary & { headers: string; body: Uint8Array }) {
  const body = Buffer.from(r.body);
  let bodyText: string | null = null;
  try {
    bodyText = strictUtf8.decode(body);
  } catch {
    bodyText = null;
  }
  const { body: _bytes, headers, ...summary } = r;
  return { ...presentSummary(summary), headers: parseStoredHeaders(headers), bodyBase64: body.toString("base64"), bodyText };
}
export type RequestDetailDto = ReturnType<typeof presentDetail>;
