-- AlterTable
ALTER TABLE "CapturedRequest" ADD COLUMN "experimentId" TEXT;

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN "expiresAt" DATETIME;
ALTER TABLE "ApiToken" ADD COLUMN "hourlyLimit" INTEGER;

-- CreateTable
CREATE TABLE "PushLatency" (
    "endpointId" TEXT NOT NULL,
    "hour" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "buckets" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "sumMs" REAL NOT NULL,
    "maxMs" REAL NOT NULL,

    PRIMARY KEY ("endpointId", "hour", "source"),
    CONSTRAINT "PushLatency_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Experiment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "report" TEXT,
    "samples" TEXT,
    "shareHash" TEXT,
    CONSTRAINT "Experiment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Experiment_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Experiment_shareHash_key" ON "Experiment"("shareHash");

-- CreateIndex
CREATE INDEX "Experiment_endpointId_createdAt_idx" ON "Experiment"("endpointId", "createdAt");

-- CreateIndex
CREATE INDEX "Experiment_userId_state_idx" ON "Experiment"("userId", "state");
