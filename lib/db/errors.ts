/**
 * Recognises storage failures that are not the caller's fault and pass with time, so callers can
 * answer 503 + Retry-After (or retry later) instead of 500: the database is locked by another
 * process (SQLITE_BUSY / SQLITE_LOCKED), or the disk is full (SQLITE_FULL, SQLITE_IOERR).
 * Prisma wraps the driver's code in several layers depending on the call path: the client's
 * PrismaClientKnownRequestError (meta.driverAdapterError.cause), the adapter's DriverAdapterError
 * (cause), or the driver's own error (code).
 */
export type StorageFailure = "busy" | "full";

const CODES: Record<string, StorageFailure> = {
  SQLITE_BUSY: "busy",
  SQLITE_LOCKED: "busy",
  SQLITE_FULL: "full",
  SQLITE_IOERR: "full",
};

export function storageFailure(err: unknown): StorageFailure | null {
  return storageFailureDetail(err)?.kind ?? null;
}

/** The failure with the driver's own code and message, e.g. for a log line that says why. */
export function storageFailureDetail(err: unknown): { kind: StorageFailure; code: string; message: string } | null {
  for (const { code, message } of driverErrors(err)) {
    // Extended codes refine a primary one: SQLITE_IOERR_WRITE is an SQLITE_IOERR.
    const primary = Object.keys(CODES).find((c) => code === c || code.startsWith(`${c}_`));
    if (primary) return { kind: CODES[primary], code, message };
  }
  return null;
}

function driverErrors(err: unknown): { code: string; message: string }[] {
  const found: { code: string; message: string }[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number) => {
    if (!e || typeof e !== "object" || seen.has(e) || depth > 4) return;
    seen.add(e);
    const o = e as { code?: unknown; originalCode?: unknown; originalMessage?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    const message = String(o.originalMessage ?? o.message ?? "");
    for (const c of [o.originalCode, o.code]) if (typeof c === "string" && c.startsWith("SQLITE_")) found.push({ code: c, message });
    visit(o.cause, depth + 1);
    visit(o.meta?.driverAdapterError, depth + 1);
  };
  visit(err, 0);
  return found;
}

/**
 * Runs `fn`, retrying with doubling async waits (first, 2x first, ... up to maxWaitMs each) while
 * it fails with a storage failure of the given kinds; then rethrows. Never blocks the event loop.
 */
export async function retryOnStorageFailure<T>(
  fn: () => Promise<T>,
  opts: { kinds: StorageFailure[]; firstWaitMs: number; maxWaitMs: number },
): Promise<T> {
  for (let wait = opts.firstWaitMs; ; wait *= 2) {
    try {
      return await fn();
    } catch (err) {
      const kind = storageFailure(err);
      if (!kind || !opts.kinds.includes(kind) || wait > opts.maxWaitMs) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
