import { describe, expect, it } from "vitest";
import { storageFailure } from "./errors";

describe("storageFailure", () => {
  it("reads the driver code through Prisma's wrappers", () => {
    const clientError = { code: "P1008", meta: { driverAdapterError: { name: "DriverAdapterError", cause: { originalCode: "SQLITE_BUSY", kind: "SocketTimeout" } } } };
    expect(storageFailure(clientError)).toBe("busy");
    expect(storageFailure({ name: "DriverAdapterError", cause: { originalCode: "SQLITE_FULL" } })).toBe("full");
    expect(storageFailure({ code: "SQLITE_IOERR_WRITE" })).toBe("full");
    expect(storageFailure({ code: "SQLITE_LOCKED_SHAREDCACHE" })).toBe("busy");
  });

  it("is null for everything else", () => {
    expect(storageFailure(new Error("boom"))).toBeNull();
    expect(storageFailure({ code: "P2002" })).toBeNull();
    expect(storageFailure({ code: "SQLITE_CONSTRAINT_FOREIGNKEY" })).toBeNull();
    expect(storageFailure(null)).toBeNull();
  });
});
