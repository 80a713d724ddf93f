-- AlterTable
ALTER TABLE "Endpoint" ADD COLUMN "responseStatus" INTEGER NOT NULL DEFAULT 200;
ALTER TABLE "Endpoint" ADD COLUMN "responseHeaders" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "Endpoint" ADD COLUMN "responseBody" TEXT;
ALTER TABLE "Endpoint" ADD COLUMN "responseDelayMs" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Endpoint" ADD COLUMN "maxRequests" INTEGER NOT NULL DEFAULT 10000;
ALTER TABLE "Endpoint" ADD COLUMN "rateLimitPerMinute" INTEGER;
ALTER TABLE "Endpoint" ADD COLUMN "lastSeq" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "CapturedRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "endpointId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "headers" TEXT NOT NULL,
    "body" BLOB NOT NULL,
    "contentType" TEXT,
    "size" INTEGER NOT NULL,
    "ip" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    CONSTRAINT "CapturedRequest_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "CapturedRequest_endpointId_seq_key" ON "CapturedRequest"("endpointId", "seq");
