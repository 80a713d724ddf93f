-- CreateTable
CREATE TABLE "EndpointActivity" (
    "endpointId" TEXT NOT NULL,
    "hour" INTEGER NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("endpointId", "hour"),
    CONSTRAINT "EndpointActivity_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EndpointRejection" (
    "endpointId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "lastAt" DATETIME NOT NULL,
    "lastDetail" TEXT,

    PRIMARY KEY ("endpointId", "reason"),
    CONSTRAINT "EndpointRejection_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
