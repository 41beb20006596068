-- The approvers' work queue: the assignee of a request (so that lists filter on it) and the questions to applicants.
ALTER TABLE "AuthorisationRequest" ADD COLUMN "assigneeId" UUID;
ALTER TABLE "AuthorisationRequest" ADD CONSTRAINT "AuthorisationRequest_assigneeId_fkey"
  FOREIGN KEY ("assigneeId") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "AuthorisationRequest_assigneeId_status_createdAt_id_idx"
  ON "AuthorisationRequest"("assigneeId", "status", "createdAt", "id");

CREATE TABLE "RequestQuestion" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "askedById" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "askedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answer" TEXT,
    "answeredAt" TIMESTAMP(3),
    CONSTRAINT "RequestQuestion_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "RequestQuestion_requestId_askedAt_idx" ON "RequestQuestion"("requestId", "askedAt");
ALTER TABLE "RequestQuestion" ADD CONSTRAINT "RequestQuestion_requestId_fkey"
  FOREIGN KEY ("requestId") REFERENCES "AuthorisationRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "RequestQuestion" ADD CONSTRAINT "RequestQuestion_askedById_fkey"
  FOREIGN KEY ("askedById") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
