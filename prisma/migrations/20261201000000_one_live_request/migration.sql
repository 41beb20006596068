-- One live attach request (REQUESTED, VALID or SUSPENDED) per person and organisation: the recording activity checks
-- it under a lock on the account row, and this index makes PostgreSQL refuse a second one whatever the channel.
-- (A partial index: Prisma's schema cannot express it, so it lives only here.)
CREATE UNIQUE INDEX "AuthorisationRequest_one_live_attach_key" ON "AuthorisationRequest"("accountId", "organisationId")
WHERE "type" = 'ATTACH' AND "status" IN ('REQUESTED', 'VALID', 'SUSPENDED');
