import type { ArgType, SqlQuery } from "@prisma/driver-adapter-utils";
import type { CommittedRow } from "./writer";

// How the driver adapter should bind each value (it converts Dates to the ISO text Prisma reads).
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
const REQUEST_PREFIX = `INSERT INTO "CapturedRequest" (${REQUEST_COLUMNS.map(([c]) => `"${c}"`).join(",")}) VALUES `;
const REQUEST_ROW = `(${REQUEST_COLUMNS.map(() => "?").join(",")})`;

const DELIVERY_PREFIX = `INSERT INTO "Delivery" ("id","requestId","ruleId","state","attemptCount","nextAttemptAt","createdAt","updatedAt") VALUES `;
const DELIVERY_ROW = `(?,?,?,?,0,?,?,?)`;
const DELIVERY_TYPES = [text, text, text, text, datetime, datetime, datetime];

/** One multi-row INSERT for a batch of captured requests (SQLite binds up to 32,766 values). */
export function insertRequests(rows: CommittedRow[]): SqlQuery {
  const args: unknown[] = [];
  for (const r of rows) {
    args.push(r.id, r.endpointId, r.seq, r.method, r.path, r.query, r.headers, r.body, r.contentType, r.size, r.ip, r.receivedAt, r.signatureStatus, r.signature, r.deliveryId, r.experimentId ?? null);
  }
  return { ...requestStatement(rows.length), args };
}

// The statement text and bind types depend only on the row count; batches repeat the same few
// sizes, so they are built once per size (the writer caps batches, which bounds this cache).
const statements = new Map<number, { sql: string; argTypes: ArgType[] }>();
function requestStatement(count: number) {
  let statement = statements.get(count);
  if (!statement) {
    statement = {
      sql: REQUEST_PREFIX + Array(count).fill(REQUEST_ROW).join(","),
      argTypes: Array.from({ length: count }, () => REQUEST_TYPES).flat(),
    };
    statements.set(count, statement);
  }
  return statement;
}

/** The pending forwarding deliveries of a batch (outbox rows): one INSERT, or none when nothing is forwarded. */
export function insertDeliveries(rows: CommittedRow[]): SqlQuery[] {
  const args: unknown[] = [];
  const argTypes: ArgType[] = [];
  let count = 0;
  for (const r of rows) {
    for (const d of r.deliveries) {
      args.push(d.id, r.id, d.ruleId, d.held ? "held" : "pending", r.receivedAt, r.receivedAt, r.receivedAt);
      argTypes.push(...DELIVERY_TYPES);
      count++;
    }
  }
  return count ? [{ sql: DELIVERY_PREFIX + Array(count).fill(DELIVERY_ROW).join(","), args, argTypes }] : [];
}

const HOUR_MS = 3_600_000;
const ACTIVITY_PREFIX = `INSERT INTO "EndpointActivity" ("endpointId","hour","requests") VALUES `;
const ACTIVITY_UPSERT = ` ON CONFLICT ("endpointId","hour") DO UPDATE SET "requests" = "requests" + excluded."requests"`;

/**
 * The batch's requests counted per endpoint and hour, added to EndpointActivity in the same commit:
 * one small statement per batch (a batch is almost always one endpoint and one hour), so the
 * sidebar's sparkline reads a few rows instead of scanning an endpoint's requests by time.
 */
export function upsertActivity(rows: CommittedRow[]): SqlQuery {
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
  return { sql: ACTIVITY_PREFIX + Array(counts.size).fill("(?,?,?)").join(",") + ACTIVITY_UPSERT, args, argTypes };
}
