-- The PostgreSQL schema as of the first release that supports it: the models of
-- prisma/schema.prisma with PostgreSQL's native types (jsonb for JSON columns, bytea bodies,
-- timestamptz). Later changes come as new migrations here, each mirroring one in prisma/migrations.

-- The body parsed as JSON, or NULL when it is not valid UTF-8 JSON: what the search's JSON-field
-- conditions read ("bodyJson" below), so no query parses bodies at search time.
CREATE FUNCTION inbox_body_json(body bytea) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  IF body IS NULL OR length(body) = 0 OR get_byte(body, 0) NOT IN (9, 10, 13, 32, 34, 45, 91, 123, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 110, 116, 102) THEN
    RETURN NULL;
  END IF;
  RETURN convert_from(body, 'UTF8')::jsonb;
EXCEPTION WHEN others THEN
  RETURN NULL;
END
$$;

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "passwordHash" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "providerAccountId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Endpoint" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "responseStatus" INTEGER NOT NULL DEFAULT 200,
    "responseHeaders" JSONB NOT NULL DEFAULT '[]'::jsonb,
    "responseBody" TEXT,
    "responseDelayMs" INTEGER NOT NULL DEFAULT 0,
    "maxRequests" INTEGER NOT NULL DEFAULT 10000,
    "rateLimitPerMinute" INTEGER,
    "lastSeq" INTEGER NOT NULL DEFAULT 0,
    "replayUrls" TEXT NOT NULL DEFAULT '[]',

    CONSTRAINT "Endpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CapturedRequest" (
    "id" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "headers" JSONB NOT NULL,
    "body" BYTEA NOT NULL,
    "contentType" TEXT,
    "size" INTEGER NOT NULL,
    "ip" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,
    "signatureStatus" TEXT NOT NULL DEFAULT 'none',
    "signature" JSONB,
    "deliveryId" TEXT,
    "experimentId" TEXT,

    CONSTRAINT "CapturedRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Verification" (
    "id" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "setting" JSONB NOT NULL,
    "secrets" JSONB NOT NULL DEFAULT '[]'::jsonb,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Verification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ForwardRule" (
    "id" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "targetUrl" TEXT NOT NULL,
    "conditions" JSONB NOT NULL DEFAULT '[]'::jsonb,
    "addHeaders" JSONB NOT NULL DEFAULT '[]'::jsonb,
    "removeHeaders" JSONB NOT NULL DEFAULT '[]'::jsonb,
    "timeoutMs" INTEGER NOT NULL DEFAULT 15000,
    "retry" JSONB,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "pausedAt" TIMESTAMPTZ(3),
    "pausedReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ForwardRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "ruleId" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'rule',
    "state" TEXT NOT NULL,
    "attemptCount" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "targetUrl" TEXT,
    "method" TEXT,
    "headers" TEXT,
    "body" BYTEA,
    "timeoutMs" INTEGER,
    "replayJobId" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeliveryAttempt" (
    "id" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "target" TEXT NOT NULL,
    "status" INTEGER,
    "responseHeaders" JSONB,
    "responseBody" BYTEA,
    "durationMs" INTEGER NOT NULL,
    "error" TEXT,

    CONSTRAINT "DeliveryAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "readOnly" BOOLEAN NOT NULL DEFAULT false,
    "endpointIds" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "expiresAt" TIMESTAMPTZ(3),
    "hourlyLimit" INTEGER,

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiUsage" (
    "tokenId" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "ok" INTEGER NOT NULL DEFAULT 0,
    "notModified" INTEGER NOT NULL DEFAULT 0,
    "longPolls" INTEGER NOT NULL DEFAULT 0,
    "limited" INTEGER NOT NULL DEFAULT 0,
    "bytes" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ApiUsage_pkey" PRIMARY KEY ("tokenId", "endpointId")
);

-- CreateTable
CREATE TABLE "EndpointActivity" (
    "endpointId" TEXT NOT NULL,
    "hour" INTEGER NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "EndpointActivity_pkey" PRIMARY KEY ("endpointId", "hour")
);

-- CreateTable
CREATE TABLE "EndpointRejection" (
    "endpointId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "lastAt" TIMESTAMPTZ(3) NOT NULL,
    "lastDetail" TEXT,

    CONSTRAINT "EndpointRejection_pkey" PRIMARY KEY ("endpointId", "reason")
);

-- CreateTable
CREATE TABLE "ReplayJob" (
    "id" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "query" TEXT,
    "ruleId" TEXT,
    "ruleName" TEXT,
    "targetUrl" TEXT NOT NULL,
    "ratePerSecond" DOUBLE PRECISION NOT NULL,
    "total" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ReplayJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ForwardCursor" (
    "tokenId" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ForwardCursor_pkey" PRIMARY KEY ("tokenId", "endpointId")
);

-- CreateTable
CREATE TABLE "PushLatency" (
    "endpointId" TEXT NOT NULL,
    "hour" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "buckets" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "sumMs" DOUBLE PRECISION NOT NULL,
    "maxMs" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "PushLatency_pkey" PRIMARY KEY ("endpointId", "hour", "source")
);

-- CreateTable
CREATE TABLE "Experiment" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "report" TEXT,
    "samples" TEXT,
    "shareHash" TEXT,

    CONSTRAINT "Experiment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Account_provider_providerAccountId_key" ON "Account"("provider", "providerAccountId");

-- CreateIndex
CREATE INDEX "Account_userId_idx" ON "Account"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Endpoint_slug_key" ON "Endpoint"("slug");

-- CreateIndex
CREATE INDEX "Endpoint_userId_createdAt_idx" ON "Endpoint"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "CapturedRequest_endpointId_seq_key" ON "CapturedRequest"("endpointId", "seq");

-- CreateIndex
CREATE INDEX "CapturedRequest_endpointId_deliveryId_seq_idx" ON "CapturedRequest"("endpointId", "deliveryId", "seq");

-- CreateIndex
CREATE INDEX "Verification_endpointId_idx" ON "Verification"("endpointId");

-- CreateIndex
CREATE INDEX "ForwardRule_endpointId_idx" ON "ForwardRule"("endpointId");

-- CreateIndex
CREATE INDEX "Delivery_state_nextAttemptAt_idx" ON "Delivery"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Delivery_requestId_idx" ON "Delivery"("requestId");

-- CreateIndex
CREATE INDEX "Delivery_ruleId_state_idx" ON "Delivery"("ruleId", "state");

-- CreateIndex
CREATE INDEX "Delivery_replayJobId_state_idx" ON "Delivery"("replayJobId", "state");

-- CreateIndex
CREATE INDEX "DeliveryAttempt_deliveryId_startedAt_idx" ON "DeliveryAttempt"("deliveryId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_userId_idx" ON "ApiToken"("userId");

-- CreateIndex
CREATE INDEX "ReplayJob_endpointId_createdAt_idx" ON "ReplayJob"("endpointId", "createdAt");

-- CreateIndex
CREATE INDEX "ReplayJob_state_idx" ON "ReplayJob"("state");

-- CreateIndex
CREATE INDEX "ForwardCursor_endpointId_idx" ON "ForwardCursor"("endpointId");

-- CreateIndex
CREATE UNIQUE INDEX "Experiment_shareHash_key" ON "Experiment"("shareHash");

-- CreateIndex
CREATE INDEX "Experiment_endpointId_createdAt_idx" ON "Experiment"("endpointId", "createdAt");

-- CreateIndex
CREATE INDEX "Experiment_userId_state_idx" ON "Experiment"("userId", "state");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Endpoint" ADD CONSTRAINT "Endpoint_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CapturedRequest" ADD CONSTRAINT "CapturedRequest_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Verification" ADD CONSTRAINT "Verification_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForwardRule" ADD CONSTRAINT "ForwardRule_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "CapturedRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "ForwardRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_replayJobId_fkey" FOREIGN KEY ("replayJobId") REFERENCES "ReplayJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeliveryAttempt" ADD CONSTRAINT "DeliveryAttempt_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiUsage" ADD CONSTRAINT "ApiUsage_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EndpointActivity" ADD CONSTRAINT "EndpointActivity_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EndpointRejection" ADD CONSTRAINT "EndpointRejection_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReplayJob" ADD CONSTRAINT "ReplayJob_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForwardCursor" ADD CONSTRAINT "ForwardCursor_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForwardCursor" ADD CONSTRAINT "ForwardCursor_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PushLatency" ADD CONSTRAINT "PushLatency_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Experiment" ADD CONSTRAINT "Experiment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Experiment" ADD CONSTRAINT "Experiment_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Search support: the parsed body, and indexes for header and JSON-field conditions.
ALTER TABLE "CapturedRequest" ADD COLUMN "bodyJson" jsonb GENERATED ALWAYS AS (inbox_body_json("body")) STORED;
CREATE INDEX "CapturedRequest_bodyJson_idx" ON "CapturedRequest" USING GIN ("bodyJson" jsonb_path_ops);
CREATE INDEX "CapturedRequest_headers_idx" ON "CapturedRequest" USING GIN ("headers" jsonb_path_ops);
