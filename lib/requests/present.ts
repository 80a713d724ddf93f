import { parseStoredHeaders } from "@/lib/endpoints/settings";
import type { ForwardState } from "@/lib/forwarding/delivery-state";
import type { DuplicateOf } from "./duplicates";
import { utf8OrNull } from "./utf8";

type Summary = {
  id: string; seq: number; method: string; path: string; query: string; size: number;
  contentType: string | null; ip: string; receivedAt: Date;
  signatureStatus?: string;
  /** The earlier request this one repeats (same provider delivery id), when known. */
  duplicateOf?: DuplicateOf | null;
  /** The most urgent state of the request's forwarding deliveries; null when nothing forwards it. */
  forwarding?: ForwardState | null;
  /** The live experiment that sent it, if one did. */
  experimentId?: string | null;
};

/** Picks fields explicitly: callers pass whole rows (with body and headers) that must not leak. */
function presentBase(r: Summary) {
  return {
    id: r.id, seq: r.seq, method: r.method, path: r.path, query: r.query, size: r.size,
    contentType: r.contentType, ip: r.ip, receivedAt: r.receivedAt.toISOString(),
    signatureStatus: r.signatureStatus ?? "none", duplicateOf: r.duplicateOf?.id ?? null, duplicateOfSeq: r.duplicateOf?.seq ?? null,
  };
}

/** A list row (and a live event): also what forwards it and whether an experiment sent it. */
export function presentSummary(r: Summary) {
  return { ...presentBase(r), forwarding: r.forwarding ?? null, experimentId: r.experimentId ?? null };
}
export type RequestSummaryDto = ReturnType<typeof presentSummary>;

/** bodyText only when the bytes are valid UTF-8; bodyBase64 always carries the exact bytes. */
export function presentDetail(r: Summary & { headers: string; body: Uint8Array }) {
  const body = Buffer.from(r.body);
  const bodyText = utf8OrNull(body);
  return { ...presentBase(r), headers: parseStoredHeaders(r.headers), bodyBase64: body.toString("base64"), bodyText };
}
export type RequestDetailDto = ReturnType<typeof presentDetail>;
