import { describe, expect, it } from "vitest";
import { collapse, draftDiff, draftEdit, initialDraft, type Original } from "./draft";

const original: Original = {
  method: "POST",
  headers: [["Host", "inbox"], ["Content-Type", "application/json"], ["Content-Length", "12"], ["X-Sig", "abc"], ["Connection", "keep-alive"]],
  bodyText: '{\n  "a": 1\n}',
  size: 12,
};
const binary: Original = { ...original, bodyText: null, size: 300 };

describe("replay drafts", () => {
  it("start from the captured request minus framing and hop-by-hop headers, and change nothing", () => {
    const draft = initialDraft(original);
    expect(draft).toEqual({ method: "POST", headers: [["Content-Type", "application/json"], ["X-Sig", "abc"]], body: { kind: "text", text: original.bodyText } });
    expect(draftEdit(original, draft)).toBeUndefined();
    expect(draftDiff(original, draft)).toEqual({ method: null, headers: null, body: null });
    expect(initialDraft(binary).body).toEqual({ kind: "original" });
  });

  it("send only what changed: the method, the full header list, the body as UTF-8", () => {
    const draft = { ...initialDraft(original), method: "PUT", body: { kind: "text" as const, text: '{"a":"π"}' } };
    expect(draftEdit(original, draft)).toEqual({ method: "PUT", bodyBase64: Buffer.from('{"a":"π"}').toString("base64") });
    const headers: [string, string][] = [["Content-Type", "application/json"], ["X-Sig", "new"], ["X-Added", "1"]];
    expect(draftEdit(original, { ...initialDraft(original), headers })).toEqual({ headers });
  });

  it("replace a binary body with a file's exact bytes", () => {
    const bytes = new Uint8Array([0, 255, 1]);
    const draft = { ...initialDraft(binary), body: { kind: "file" as const, name: "x.bin", bytes } };
    expect(draftEdit(binary, draft)).toEqual({ bodyBase64: "AP8B" });
    expect(draftDiff(binary, draft).body).toEqual({ from: 300, to: 3, file: "x.bin" });
  });

  it("show the edit as a diff against the original", () => {
    const draft = {
      method: "PUT",
      headers: [["Content-Type", "application/json"], ["X-Sig", "new"], ["X-Added", "1"]] as [string, string][],
      body: { kind: "text" as const, text: '{\n  "a": 2\n}' },
    };
    expect(draftDiff(original, draft)).toEqual({
      method: { from: "POST", to: "PUT" },
      headers: [
        { change: "same", text: "Content-Type: application/json" },
        { change: "removed", text: "X-Sig: abc" },
        { change: "added", text: "X-Sig: new" },
        { change: "added", text: "X-Added: 1" },
      ],
      body: { lines: [{ change: "same", text: "{" }, { change: "removed", text: '  "a": 1' }, { change: "added", text: '  "a": 2' }, { change: "same", text: "}" }] },
    });
  });

  it("collapse long unchanged stretches", () => {
    const same = (n: number) => Array.from({ length: n }, (_, i) => ({ change: "same" as const, text: `l${i}` }));
    const lines = [...same(10), { change: "added" as const, text: "new" }, ...same(3)];
    expect(collapse(lines)).toEqual([
      { change: "same", text: "l0" }, { change: "same", text: "l1" }, { change: "skipped", text: "6 unchanged lines" }, { change: "same", text: "l8" }, { change: "same", text: "l9" },
      { change: "added", text: "new" }, ...same(3),
    ]);
  });
});
