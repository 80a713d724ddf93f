import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ArgType, SqlQuery } from "@prisma/driver-adapter-utils";
import type { PrismaClient } from "./generated/client";
import { migratedDb } from "@/tests/helpers/temp-db";
import { driverAdapter, executeInTransaction, selectRows } from "./client";

let db: ReturnType<typeof migratedDb>;
beforeEach(() => {
  db = migratedDb();
});
afterEach(() => db.cleanup());

const text: ArgType = { scalarType: "string", arity: "scalar" };
const insertUser = (email: string): SqlQuery => ({ sql: `INSERT INTO "User" ("id", "email") VALUES (?, ?)`, args: [email, email], argTypes: [text, text] });

describe("driverAdapter", () => {
  it("is the connection the Prisma client queries on: an open transaction there is seen by the client", async () => {
    const adapter = await driverAdapter(db.prisma);
    const tx = await adapter.startTransaction();
    await tx.executeRaw(insertUser("a@example.com"));
    // Same connection, so the client reads the uncommitted row; a second connection could not.
    expect(await db.prisma.user.count()).toBe(1);
    await tx.executeRaw({ sql: "ROLLBACK", args: [], argTypes: [] });
    await tx.rollback();
    expect(await db.prisma.user.count()).toBe(0);
  });

  it("follows the client across a reconnect", async () => {
    const before = await driverAdapter(db.prisma);
    await db.prisma.$disconnect();
    await db.prisma.user.count(); // reconnects
    const after = await driverAdapter(db.prisma);
    expect(after).not.toBe(before);
    await after.executeRaw(insertUser("b@example.com"));
    expect(await db.prisma.user.count()).toBe(1);
  });

  it("refuses a client it did not create", async () => {
    await expect(driverAdapter({} as PrismaClient)).rejects.toThrow(/createPrismaClient/);
  });
});

describe("executeInTransaction", () => {
  it("commits every statement together", async () => {
    await executeInTransaction(await driverAdapter(db.prisma), [insertUser("a@example.com"), insertUser("b@example.com")]);
    expect(await db.prisma.user.count()).toBe(2);
  });

  it("rolls everything back when one statement fails, and releases the lock for the next transaction", async () => {
    const adapter = await driverAdapter(db.prisma);
    await expect(executeInTransaction(adapter, [insertUser("a@example.com"), insertUser("a@example.com")])).rejects.toThrow();
    expect(await db.prisma.user.count()).toBe(0);
    // Prisma's own $transaction takes the same lock: it would hang if the failure had kept it.
    await db.prisma.$transaction([db.prisma.user.create({ data: { email: "c@example.com" } })]);
    expect(await db.prisma.user.count()).toBe(1);
  });

  it("waits for a Prisma $transaction in progress instead of joining it", async () => {
    const adapter = await driverAdapter(db.prisma);
    let release!: () => void;
    const held = db.prisma.$transaction(async (tx) => {
      await tx.user.create({ data: { email: "in-tx@example.com" } });
      await new Promise<void>((r) => (release = r));
      throw new Error("roll this back");
    });
    await new Promise((r) => setTimeout(r, 20));
    const ours = executeInTransaction(adapter, [insertUser("ours@example.com")]);
    release();
    await expect(held).rejects.toThrow("roll this back");
    await ours;
    // Had our insert joined the interactive transaction, its rollback would have taken it too.
    expect((await db.prisma.user.findMany()).map((u) => u.email)).toEqual(["ours@example.com"]);
  });
});

describe("selectRows", () => {
  it("returns the rows of a read as arrays of column values, bound to text parameters", async () => {
    await db.prisma.user.create({ data: { id: "u1", email: "a@example.com" } });
    await db.prisma.user.create({ data: { id: "u2", email: "b@example.com" } });
    const sql = `SELECT "id", "email" FROM "User" WHERE "id" = ? OR "email" = ? ORDER BY "id"`;
    expect(await selectRows(db.prisma, sql, ["u1", "b@example.com"])).toEqual([["u1", "a@example.com"], ["u2", "b@example.com"]]);
    // A parameter is a value, never SQL.
    expect(await selectRows(db.prisma, sql, ["' OR 1=1 --", "nobody"])).toEqual([]);
  });
});
