import { describe, expect, it } from "vitest";
import type { RequestSummaryDto } from "@/lib/requests/present";
import { emptyPages, insertRequest, newestSeq, removeRequest, type RequestPages } from "./request-cache";

const r = (seq: number): RequestSummaryDto => ({
  id: `r${seq}`, seq, method: "POST", path: "/", query: "", size: 0, contentType: null, ip: "::1", receivedAt: "2026-01-01T00:00:00.000Z", signatureStatus: "none", duplicateOf: null, duplicateOfSeq: null,
});
const pages = (...ps: { seqs: number[]; next: string | null }[]): RequestPages => ({
  pages: ps.map((p) => ({ requests: p.seqs.map(r), nextCursor: p.next })),
  pageParams: ps.map((_, i) => (i === 0 ? null : String(i))),
});
const seqs = (d: RequestPages | undefined) => d!.pages.map((p) => p.requests.map((x) => x.seq));

describe("request cache updates", () => {
  it("puts a new request on top of the first page", () => {
    expect(seqs(insertRequest(pages({ seqs: [3, 2], next: "2" }, { seqs: [1], next: null }), r(4)))).toEqual([[4, 3, 2], [1]]);
  });

  it("ignores a request it already has (replay after reconnect)", () => {
    const data = pages({ seqs: [3, 2, 1], next: null });
    expect(insertRequest(data, r(2))).toBe(data);
  });

  it("places an out-of-order arrival by seq", () => {
    expect(seqs(insertRequest(pages({ seqs: [5, 3], next: null }), r(4)))).toEqual([[5, 4, 3]]);
  });

  it("leaves requests older than the first page to later pages", () => {
    const data = pages({ seqs: [9, 8], next: "8" });
    expect(insertRequest(data, r(2))).toBe(data);
  });

  it("removes from whichever page holds it, and empties", () => {
    expect(seqs(removeRequest(pages({ seqs: [3, 2], next: "2" }, { seqs: [1], next: null }), "r1"))).toEqual([[3, 2], []]);
    expect(seqs(emptyPages())).toEqual([[]]);
    expect(newestSeq(pages({ seqs: [7, 6], next: null }))).toBe(7);
    expect(newestSeq(emptyPages())).toBeNull();
  });
});
