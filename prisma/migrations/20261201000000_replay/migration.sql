-- AlterTable
ALTER TABLE "Endpoint" ADD COLUMN "replayUrls" TEXT NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "ReplayJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "endpointId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "query" TEXT,
    "ruleId" TEXT,
    "ruleName" TEXT,
    "targetUrl" TEXT NOT NULL,
    "ratePerSecond" REAL NOT NULL,
    "total" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    CONSTRAINT "ReplayJob_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ForwardCursor" (
    "tokenId" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("tokenId", "endpointId"),
    CONSTRAINT "ForwardCursor_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ForwardCursor_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables (ruleId becomes optional: a replay is a delivery without a rule)
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Delivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestId" TEXT NOT NULL,
    "ruleId" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'rule',
    "state" TEXT NOT NULL,
    "attemptCount" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME,
    "lastError" TEXT,
    "targetUrl" TEXT,
    "method" TEXT,
    "headers" TEXT,
    "body" BLOB,
    "timeoutMs" INTEGER,
    "replayJobId" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Delivery_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "CapturedRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Delivery_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "ForwardRule" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Delivery_replayJobId_fkey" FOREIGN KEY ("replayJobId") REFERENCES "ReplayJob" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Delivery" ("attemptCount", "createdAt", "id", "lastError", "nextAttemptAt", "requestId", "ruleId", "state", "updatedAt") SELECT "attemptCount", "createdAt", "id", "lastError", "nextAttemptAt", "requestId", "ruleId", "state", "updatedAt" FROM "Delivery";
DROP TABLE "Delivery";
ALTER TABLE "new_Delivery" RENAME TO "Delivery";
CREATE INDEX "Delivery_state_nextAttemptAt_idx" ON "Delivery"("state", "nextAttemptAt");
CREATE INDEX "Delivery_requestId_idx" ON "Delivery"("requestId");
CREATE INDEX "Delivery_ruleId_state_idx" ON "Delivery"("ruleId", "state");
CREATE INDEX "Delivery_replayJobId_state_idx" ON "Delivery"("replayJobId", "state");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ReplayJob_endpointId_createdAt_idx" ON "ReplayJob"("endpointId", "createdAt");

-- CreateIndex
CREATE INDEX "ReplayJob_state_idx" ON "ReplayJob"("state");

-- CreateIndex
CREATE INDEX "ForwardCursor_endpointId_idx" ON "ForwardCursor"("endpointId");
