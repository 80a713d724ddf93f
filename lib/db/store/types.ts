import type { SearchFilters } from "@/lib/conditions/filters";
import type { Condition } from "@/lib/conditions/schema";
import type { DatabaseKind } from "@/lib/db/kind";
import type { SearchOptions, SearchWhere } from "./search/where";

/**
 * The seam between domain code and the database kind. Every statement Prisma's query API cannot
 * express lives behind this interface, once per kind (sqlite.ts, postgres.ts, sharing builders
 * where the SQL is the same but for its placeholders), chosen once at start (index.ts). Domain
 * modules call these and never write dialect SQL themselves.
 */

/** A captured request ready to store; `seq` is assigned when it is committed. */
export type CaptureRow = {
  id: string;
  endpointId: string;
  method: string;
  path: string;
  query: string;
  /** JSON text of the [name, value] pairs as received. */
  headers: string;
  body: Buffer;
  contentType: string | null;
  size: number;
  ip: string;
  receivedAt: Date;
  /** Signature check result (lib/signatures): the status, and the result as JSON (null: none configured). */
  signatureStatus: string;
  signature: string | null;
  /** The provider's delivery id, when the request carries one (duplicates repeat it). */
  deliveryId: string | null;
  /** The live experiment that sent it (lib/experiments/marks.ts), if one did. */
  experimentId?: string | null;
  /** The endpoint's cap: older rows beyond it are pruned after the commit. */
  maxRequests: number;
  /** Forwarding deliveries to enqueue in the same commit (outbox): never lost once acknowledged. */
  deliveries: { id: string; ruleId: string; held: boolean }[];
};
export type CommittedRow = CaptureRow & { seq: number };

/** Bind placeholders differ by kind: `?` for SQLite, `$1, $2, ...` for PostgreSQL. */
export type Dialect = { kind: DatabaseKind; param(n: number): string };

export const SQLITE: Dialect = { kind: "sqlite", param: () => "?" };
export const POSTGRES: Dialect = { kind: "postgres", param: (n) => `$${n}` };

export interface Store {
  readonly kind: DatabaseKind;
  /**
   * One transaction: sequence numbers allocated per endpoint in the database (so several
   * instances never hand out the same one, and an endpoint's rows commit in seq order), the rows,
   * their deliveries (outbox) and the hourly activity counts. Rows of endpoints that no longer
   * exist are left out and named in `gone`.
   */
  commitCaptures(rows: CaptureRow[]): Promise<{ committed: CommittedRow[]; gone: Set<string> }>;
  /** Deletes all but the newest `keep` requests of an endpoint. */
  pruneOldest(endpointId: string, keep: number): Promise<void>;
  /** Adds refused-request counts per endpoint slug (unknown slugs are dropped), in one transaction. */
  addRejections(tallies: RejectionTally[]): Promise<void>;
  /** The WHERE clause of a request search in this kind's SQL (lib/db/store/search). */
  searchWhere(endpointId: string, conditions: Condition[], filters: SearchFilters, now: Date, opts?: SearchOptions): SearchWhere;
  /** Claims up to `limit` due deliveries for this worker until `leaseUntil` (deliveries.ts); ids oldest first. */
  claimDeliveries(args: { now: Date; leaseUntil: Date; owner: string; limit: number }): Promise<string[]>;
  /** Runs a SELECT written with `?` placeholders (the search's), numbering them where the kind needs it. */
  query<T>(fragment: { sql: string; params: unknown[] }): Promise<T[]>;
}

export type RejectionTally = { slug: string; reason: string; count: number; lastAt: Date; lastDetail: string };
