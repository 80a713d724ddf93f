-- AlterTable
ALTER TABLE "CapturedRequest" ADD COLUMN "signatureStatus" TEXT NOT NULL DEFAULT 'none';
ALTER TABLE "CapturedRequest" ADD COLUMN "signature" TEXT;
ALTER TABLE "CapturedRequest" ADD COLUMN "deliveryId" TEXT;

-- CreateTable
CREATE TABLE "Verification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "endpointId" TEXT NOT NULL,
    "setting" TEXT NOT NULL,
    "secrets" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Verification_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "CapturedRequest_endpointId_deliveryId_seq_idx" ON "CapturedRequest"("endpointId", "deliveryId", "seq");

-- CreateIndex
CREATE INDEX "Verification_endpointId_idx" ON "Verification"("endpointId");
