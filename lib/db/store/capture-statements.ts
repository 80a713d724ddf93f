import type { ArgType, SqlQuery } from "@prisma/driver-adapter-utils";
import type { CommittedRow, Dialect, RejectionTally } from "./types";

/**
 * The capture commit's statements, the same SQL for both kinds but for placeholders (the driver
 * adapters bind Dates, bytes and JSON text the way Prisma itself reads them back). Multi-row
 * INSERTs: measured on SQLite, 32-row batches reach ~3,600 rows/s with createMany, ~25,000 with
 * $executeRawUnsafe and ~65,000 as one statement on the adapter (lib/capture/writer.ts).
 */
const text: ArgType = { scalarType: "string", arity: "scalar" };
const int: ArgType = { scalarType: "int", arity: "scalar" };
const bytes: ArgType = { scalarType: "bytes", arity: "scalar" };
const datetime: ArgType = { scalarType: "datetime", arity: "scalar" };

const REQUEST_COLUMNS = [
  ["id", text], ["endpointId", text], ["seq", int], ["method", text], ["path", text], ["query", text],
  ["headers", text], ["body", bytes], ["contentType", text], ["size", int], ["ip", text], ["receivedAt", datetime],
  ["signatureStatus", text], ["signature", text], ["deliveryId", text], ["experimentId", text],
] as const;
const REQUEST_TYPES = REQUEST_COLUMNS.map(([, type]) => type);
const DELIVERY_TYPES = [text, text, text, text, datetime, datetime, datetime];

/** `(?,?,?), (?,?,?)` or `($1,$2,$3), ($4,$5,$6)`: `rows` tuples of `width` placeholders. */
function tuples(d: Dialect, rows: number, width: number, start = 1): string {
  const out: string[] = [];
  for (let r = 0, n = start; r < rows; r++) {
    const p: string[] = [];
    for (let c = 0; c < width; c++) p.push(d.param(n++));
    out.push(`(${p.join(",")})`);
  }
  return out.join(",");
}

/**
 * Allocates `count` sequence numbers for an endpoint: the returned lastSeq is the last of them.
 * Endpoint.lastSeq is the high-water mark of every number ever handed out (deletes and pruning
 * never lower it), so numbers never repeat and a cursor or Last-Event-ID stays valid. The row
 * lock this takes also orders concurrent commits of one endpoint: seq order is commit order.
 */
export function allocateSeq(d: Dialect, endpointId: string, count: number): SqlQuery {
  return {
    sql: `UPDATE "Endpoint" SET "lastSeq" = "lastSeq" + ${d.param(1)} WHERE "id" = ${d.param(2)} RETURNING "lastSeq"`,
    args: [count, endpointId],
    argTypes: [int, text],
  };
}

// Statement text depends only on the dialect and row count; batches repeat the same few sizes.
const statements = new Map<string, { sql: string; argTypes: ArgType[] }>();

export function insertRequests(d: Dialect, rows: CommittedRow[]): SqlQuery {
  const key = `${d.kind}:${rows.length}`;
  let s = statements.get(key);
  if (!s) {
    const columns = REQUEST_COLUMNS.map(([c]) => `"${c}"`).join(",");
    s = { sql: `INSERT INTO "CapturedRequest" (${columns}) VALUES ${tuples(d, rows.length, REQUEST_COLUMNS.length)}`, argTypes: rows.flatMap(() => REQUEST_TYPES) };
    statements.set(key, s);
  }
  const args: unknown[] = [];
  for (const r of rows) {
    args.push(r.id, r.endpointId, r.seq, r.method, r.path, r.query, r.headers, r.body, r.contentType, r.size, r.ip, r.receivedAt, r.signatureStatus, r.signature, r.deliveryId, r.experimentId ?? null);
  }
  return { ...s, args };
}

/** The batch's forwarding deliveries (outbox rows): one INSERT, or none when nothing is forwarded. */
export function insertDeliveries(d: Dialect, rows: CommittedRow[]): SqlQuery[] {
  const args: unknown[] = [];
  const argTypes: ArgType[] = [];
  for (const r of rows) {
    for (const del of r.deliveries) {
      args.push(del.id, r.id, del.ruleId, del.held ? "held" : "pending", r.receivedAt, r.receivedAt, r.receivedAt);
      argTypes.push(...DELIVERY_TYPES);
    }
  }
  if (!args.length) return [];
  const sql = `INSERT INTO "Delivery" ("id","requestId","ruleId","state","nextAttemptAt","createdAt","updatedAt") VALUES ${tuples(d, args.length / 7, 7)}`;
  return [{ sql, args, argTypes }];
}

const HOUR_MS = 3_600_000;

/**
 * The batch's requests counted per endpoint and hour, added to EndpointActivity in the same commit:
 * one small statement per batch (a batch is almost always one endpoint and one hour), so the
 * sidebar's sparkline reads a few rows instead of scanning an endpoint's requests by time.
 */
export function upsertActivity(d: Dialect, rows: CommittedRow[]): SqlQuery {
  const counts = new Map<string, { endpointId: string; hour: number; requests: number }>();
  for (const r of rows) {
    const hour = Math.floor(r.receivedAt.getTime() / HOUR_MS);
    const key = `${r.endpointId}\0${hour}`;
    const c = counts.get(key);
    if (c) c.requests++;
    else counts.set(key, { endpointId: r.endpointId, hour, requests: 1 });
  }
  const args: unknown[] = [];
  const argTypes: ArgType[] = [];
  for (const c of counts.values()) {
    args.push(c.endpointId, c.hour, c.requests);
    argTypes.push(text, int, int);
  }
  return {
    sql: `INSERT INTO "EndpointActivity" ("endpointId","hour","requests") VALUES ${tuples(d, counts.size, 3)}
      ON CONFLICT ("endpointId","hour") DO UPDATE SET "requests" = "EndpointActivity"."requests" + excluded."requests"`,
    args,
    argTypes,
  };
}

/**
 * Refused-request counts added per endpoint and reason; unknown slugs (404s, scanners) match no
 * Endpoint row and are dropped by the SELECT. `latest` is the dialect's two-argument max.
 */
export function addRejection(d: Dialect, t: RejectionTally, lastAt: unknown): { sql: string; args: unknown[] } {
  const latest = d.kind === "postgres" ? "GREATEST" : "max";
  return {
    sql: `INSERT INTO "EndpointRejection" ("endpointId","reason","count","lastAt","lastDetail")
      SELECT "id", ${d.param(1)}, ${d.param(2)}, ${d.param(3)}, ${d.param(4)} FROM "Endpoint" WHERE "slug" = ${d.param(5)}
      ON CONFLICT ("endpointId","reason") DO UPDATE SET "count" = "EndpointRejection"."count" + excluded."count",
        "lastAt" = ${latest}("EndpointRejection"."lastAt", excluded."lastAt"), "lastDetail" = excluded."lastDetail"`,
    args: [t.reason, t.count, lastAt, t.lastDetail, t.slug],
  };
}

/** Deletes all but the newest `keep` requests (the subquery is NULL, deleting nothing, while there are fewer). */
export function pruneOldest(d: Dialect, endpointId: string, keep: number): SqlQuery {
  return {
    sql: `DELETE FROM "CapturedRequest" WHERE "endpointId" = ${d.param(1)} AND "seq" <= (
      SELECT "seq" FROM "CapturedRequest" WHERE "endpointId" = ${d.param(2)} ORDER BY "seq" DESC LIMIT 1 OFFSET ${d.param(3)})`,
    args: [endpointId, endpointId, keep],
    argTypes: [text, text, int],
  };
}
