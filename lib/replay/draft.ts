import { diffArrays, diffLines } from "diff";
import { isConnectionHeader } from "@/lib/forwarding/outbound-headers";
import { encodeBase64 } from "@/lib/requests/body-kind";

/**
 * The replay dialog's edit, and its diff against the captured request. Pure: the dialog renders
 * what this returns and sends `draftEdit` (nothing when nothing changed, so the server sends the
 * stored bytes and headers as a forward would).
 */
export type BodyDraft =
  | { kind: "original" }
  | { kind: "text"; text: string }
  | { kind: "file"; name: string; bytes: Uint8Array };
export type ReplayDraft = { method: string; headers: [string, string][]; body: BodyDraft };
export type Original = { method: string; headers: [string, string][]; bodyText: string | null; size: number };
/** What the replay API's `edit` takes. */
export type ReplayEditPayload = { method?: string; headers?: [string, string][]; bodyBase64?: string };
export type DiffLine = { change: "same" | "added" | "removed" | "skipped"; text: string };

/** The captured headers a replay may send: framing and hop-by-hop ones are the sender's to set. */
export function sendableHeaders(headers: [string, string][]): [string, string][] {
  return headers.filter(([name]) => !isConnectionHeader(name));
}

export function initialDraft(original: Original): ReplayDraft {
  return {
    method: original.method,
    headers: sendableHeaders(original.headers),
    body: original.bodyText === null ? { kind: "original" } : { kind: "text", text: original.bodyText },
  };
}

const sameHeaders = (a: [string, string][], b: [string, string][]) => a.length === b.length && a.every(([n, v], i) => n === b[i][0] && v === b[i][1]);

function bodyChanged(original: Original, body: BodyDraft) {
  return body.kind === "file" || (body.kind === "text" && body.text !== original.bodyText);
}

/** Only what changed; undefined when nothing did. Headers go as the full list (the API sends exactly it). */
export function draftEdit(original: Original, draft: ReplayDraft): ReplayEditPayload | undefined {
  const edit: ReplayEditPayload = {};
  if (draft.method !== original.method) edit.method = draft.method;
  if (!sameHeaders(draft.headers, sendableHeaders(original.headers))) edit.headers = draft.headers;
  if (bodyChanged(original, draft.body)) {
    edit.bodyBase64 = encodeBase64(draft.body.kind === "file" ? draft.body.bytes : new TextEncoder().encode((draft.body as { text: string }).text));
  }
  return Object.keys(edit).length ? edit : undefined;
}

export type DraftDiff = {
  method: { from: string; to: string } | null;
  headers: DiffLine[] | null;
  body: { lines: DiffLine[] } | { from: number; to: number; file: string } | null;
};

/** The edit as a diff against the captured request: null parts did not change. */
export function draftDiff(original: Original, draft: ReplayDraft): DraftDiff {
  const before = sendableHeaders(original.headers);
  let body: DraftDiff["body"] = null;
  if (draft.body.kind === "file") body = { from: original.size, to: draft.body.bytes.length, file: draft.body.name };
  else if (draft.body.kind === "text" && bodyChanged(original, draft.body)) body = { lines: collapse(toLines(diffLines(original.bodyText ?? "", draft.body.text))) };
  return {
    method: draft.method === original.method ? null : { from: original.method, to: draft.method },
    headers: sameHeaders(draft.headers, before)
      ? null
      : toLines(diffArrays(before.map(([n, v]) => `${n}: ${v}`), draft.headers.map(([n, v]) => `${n}: ${v}`)).map((c) => ({ ...c, value: c.value.join("\n") }))),
    body,
  };
}

type Change = { value: string; added?: boolean; removed?: boolean };
function toLines(changes: Change[]): DiffLine[] {
  return changes.flatMap((c) => {
    const change = c.added ? "added" : c.removed ? "removed" : "same";
    return c.value.replace(/\n$/, "").split("\n").map((text) => ({ change, text }) as DiffLine);
  });
}

/** Long unchanged stretches shrink to their first and last two lines around a "N unchanged lines" marker. */
export function collapse(lines: DiffLine[], keep = 2): DiffLine[] {
  const out: DiffLine[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j < lines.length && lines[j].change === "same") j++;
    const run = j - i;
    if (run > keep * 2 + 1) {
      out.push(...lines.slice(i, i + keep), { change: "skipped", text: `${run - keep * 2} unchanged lines` }, ...lines.slice(j - keep, j));
    } else out.push(...lines.slice(i, j));
    if (j < lines.length) out.push(lines[j]);
    i = j + 1;
  }
  return out;
}
