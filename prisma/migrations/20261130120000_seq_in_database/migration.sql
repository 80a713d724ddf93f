-- Sequence numbers are now allocated in the database (Endpoint.lastSeq is bumped in each capture
-- commit), which several instances need. Until now the writer allocated them in memory and only
-- deletes recorded the mark: bring every mark up to the highest number already handed out.
UPDATE "Endpoint" SET "lastSeq" = max("lastSeq", coalesce((SELECT max("seq") FROM "CapturedRequest" WHERE "CapturedRequest"."endpointId" = "Endpoint"."id"), 0));
