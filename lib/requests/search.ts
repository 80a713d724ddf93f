import { z } from "zod";
import { getPrisma } from "@/lib/db/client";
import { sqliteDateTime } from "@/lib/db/datetime";
import { HttpError } from "@/lib/http/errors";
import { parseJsonPathFilter, type JsonPathFilter } from "./json-path-filter";

/**
 * Request filters for the list and export. All values are bound parameters; the only SQL text
 * that varies is which fixed fragments are included; JSON paths are bound too, and come only from
 * parseJsonPathFilter's allow-listed grammar.
 */
export const requestFilters = z.object({
  method: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(",").map((m) => m.trim().toUpperCase()).filter(Boolean) : undefined))
    .pipe(z.array(z.string().regex(/^[A-Z-]{1,20}$/, "must be HTTP method names")).optional()),
  path: z.string().max(500).optional(),
  // "name" or "name:value-substring"
  header: z.string().max(500).optional(),
  body: z.string().max(1000).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type RequestFilters = z.infer<typeof requestFilters> & { json?: JsonPathFilter };

/** Filters from a query string (list and export share them). */
export function parseRequestFilters(params: URLSearchParams): RequestFilters {
  const filters: RequestFilters = requestFilters.parse(Object.fromEntries(params));
  const term = params.get("json");
  if (term) {
    const json = parseJsonPathFilter(term);
    if (!json) throw new HttpError("validation_failed", `json: expected a term like body.data.object.id:"evt_1"`, "json");
    filters.json = json;
  }
  return filters;
}

export function hasFilters(f: RequestFilters): boolean {
  return Boolean(f.method?.length || f.path || f.header || f.body || f.from || f.to || f.json);
}

const TEXT_BODY = `CAST("body" AS TEXT)`;

export function buildSearch(endpointId: string, f: RequestFilters, page: { before?: number; limit: number }) {
  const where: string[] = [`"endpointId" = ?`];
  const params: unknown[] = [endpointId];
  const add = (sql: string, ...values: unknown[]) => { where.push(sql); params.push(...values); };

  if (page.before) add(`"seq" < ?`, page.before);
  if (f.method?.length) add(`"method" IN (${f.method.map(() => "?").join(",")})`, ...f.method);
  if (f.path) add(`instr("path", ?) > 0`, f.path);
  if (f.header) {
    const colon = f.header.indexOf(":");
    const name = (colon === -1 ? f.header : f.header.slice(0, colon)).trim();
    const value = colon === -1 ? "" : f.header.slice(colon + 1).trim();
    add(
      `EXISTS (SELECT 1 FROM json_each("headers") h WHERE lower(json_extract(h.value, '$[0]')) = lower(?) ` +
        `AND instr(lower(json_extract(h.value, '$[1]')), lower(?)) > 0)`,
      name, value,
    );
  }
  if (f.body) add(`instr("body", CAST(? AS BLOB)) > 0`, f.body);
  if (f.json) {
    // json_type is only evaluated on valid JSON: SQLite raises an error on anything else.
    const type = `(CASE WHEN json_valid(${TEXT_BODY}) THEN json_type(${TEXT_BODY}, ?) END)`;
    const { path, value } = f.json;
    if (value === null) add(`${type} = 'null'`, path);
    else if (typeof value === "boolean") add(`${type} = ?`, path, value ? "true" : "false");
    else if (typeof value === "number") add(`${type} IN ('integer','real') AND json_extract(${TEXT_BODY}, ?) = ?`, path, path, value);
    else add(`${type} = 'text' AND json_extract(${TEXT_BODY}, ?) = ?`, path, path, value);
  }
  if (f.from) add(`"receivedAt" >= ?`, sqliteDateTime(new Date(f.from)));
  if (f.to) add(`"receivedAt" <= ?`, sqliteDateTime(new Date(f.to)));

  const sql = `SELECT "id" FROM "CapturedRequest" WHERE ${where.join(" AND ")} ORDER BY "seq" DESC LIMIT ?`;
  return { sql, params: [...params, page.limit] };
}

/** Ids of matching requests, newest first. The caller has already checked the endpoint's owner. */
export async function searchRequestIds(endpointId: string, f: RequestFilters, page: { before?: number; limit: number }): Promise<string[]> {
  const { sql, params } = buildSearch(endpointId, f, page);
  const rows = await getPrisma().$queryRawUnsafe<{ id: string }[]>(sql, ...params);
  return rows.map((r) => r.id);
}
