-- CreateIndex
CREATE INDEX "AuthorisationRequest_status_createdAt_idx" ON "AuthorisationRequest"("status", "createdAt");

-- CreateIndex
CREATE INDEX "AuthorisationRequest_decidedById_idx" ON "AuthorisationRequest"("decidedById");
