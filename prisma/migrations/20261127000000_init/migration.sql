-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Environment" AS ENUM ('production', 'acceptance', 'training');

-- CreateEnum
CREATE TYPE "OrganisationKind" AS ENUM ('OPERATOR', 'CONTROL_BODY', 'AUTHORITY');

-- CreateEnum
CREATE TYPE "RoleKind" AS ENUM ('OPERATOR', 'CONTROL_BODY', 'AUTHORITY');

-- CreateEnum
CREATE TYPE "OrganisationStatus" AS ENUM ('PENDING', 'ACTIVE', 'REJECTED');

-- CreateEnum
CREATE TYPE "AccountStatus" AS ENUM ('PENDING_VERIFICATION', 'ACTIVE', 'EXPIRED');

-- CreateEnum
CREATE TYPE "RegistrationStatus" AS ENUM ('PENDING_VERIFICATION', 'ACTIVE', 'EXPIRED');

-- CreateEnum
CREATE TYPE "RequestType" AS ENUM ('ATTACH', 'OPERATOR_CREATION');

-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('REQUESTED', 'VALID', 'REJECTED', 'EXPIRED', 'WITHDRAWN', 'SUSPENDED', 'DELETED');

-- CreateEnum
CREATE TYPE "MailStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- CreateTable
CREATE TABLE "Country" (
    "code" CHAR(2) NOT NULL,
    "name" TEXT NOT NULL,
    "isEu" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Country_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Section" (
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,

    CONSTRAINT "Section_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "ActivityType" (
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "sectionCode" TEXT NOT NULL,
    "requiresEori" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ActivityType_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "AuthorityRole" (
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,

    CONSTRAINT "AuthorityRole_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Competence" (
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,

    CONSTRAINT "Competence_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Organisation" (
    "id" UUID NOT NULL,
    "environment" "Environment" NOT NULL,
    "kind" "OrganisationKind" NOT NULL,
    "status" "OrganisationStatus" NOT NULL DEFAULT 'ACTIVE',
    "name" TEXT NOT NULL,
    "searchText" TEXT NOT NULL,
    "code" TEXT,
    "countryCode" CHAR(2) NOT NULL,
    "street" TEXT,
    "postcode" TEXT,
    "city" TEXT,
    "eori" TEXT,
    "phone" TEXT,
    "fax" TEXT,
    "email" TEXT,
    "website" TEXT,
    "authorityRoleCode" TEXT,
    "isCommission" BOOLEAN NOT NULL DEFAULT false,
    "controlBodyKey" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrganisationActivity" (
    "organisationId" UUID NOT NULL,
    "sectionCode" TEXT NOT NULL,
    "activityTypeCode" TEXT NOT NULL,

    CONSTRAINT "OrganisationActivity_pkey" PRIMARY KEY ("organisationId","sectionCode","activityTypeCode")
);

-- CreateTable
CREATE TABLE "OrganisationCompetence" (
    "organisationId" UUID NOT NULL,
    "competenceCode" TEXT NOT NULL,

    CONSTRAINT "OrganisationCompetence_pkey" PRIMARY KEY ("organisationId","competenceCode")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" UUID NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailLanguage" TEXT NOT NULL DEFAULT 'en',
    "status" "AccountStatus" NOT NULL DEFAULT 'PENDING_VERIFICATION',
    "passwordHash" TEXT,
    "timeZone" TEXT NOT NULL DEFAULT 'Europe/Brussels',
    "emailNotifications" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegistrationApplication" (
    "id" UUID NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailLanguage" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RegistrationApplication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Registration" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "workflowId" TEXT NOT NULL,
    "status" "RegistrationStatus" NOT NULL DEFAULT 'PENDING_VERIFICATION',
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Registration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VerificationToken" (
    "id" UUID NOT NULL,
    "registrationId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "issueKey" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "consumedAt" TIMESTAMP(3),
    "supersededAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VerificationToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PasswordSubmission" (
    "id" UUID NOT NULL,
    "tokenId" UUID NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PasswordSubmission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "firstFailureAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),

    CONSTRAINT "LoginThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Captcha" (
    "id" UUID NOT NULL,
    "answerHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Captcha_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuthorisationRequest" (
    "id" UUID NOT NULL,
    "environment" "Environment" NOT NULL,
    "type" "RequestType" NOT NULL DEFAULT 'ATTACH',
    "kind" "RoleKind" NOT NULL,
    "accountId" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "status" "RequestStatus" NOT NULL DEFAULT 'REQUESTED',
    "message" TEXT,
    "contactEmail" TEXT,
    "contactPhone" TEXT,
    "workflowId" TEXT NOT NULL,
    "runId" TEXT,
    "parentRequestId" UUID,
    "decidedById" UUID,
    "decidedAt" TIMESTAMP(3),
    "reason" TEXT,
    "reminderSentAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AuthorisationRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Role" (
    "id" UUID NOT NULL,
    "environment" "Environment" NOT NULL,
    "kind" "RoleKind" NOT NULL,
    "accountId" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "status" "RequestStatus" NOT NULL DEFAULT 'VALID',
    "isAdministrator" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Role_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OperatorDraft" (
    "id" UUID NOT NULL,
    "environment" "Environment" NOT NULL,
    "accountId" UUID NOT NULL,
    "organisationId" UUID,
    "data" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OperatorDraft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "environment" "Environment",
    "actorAccountId" UUID,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "requestId" UUID,
    "fromStatus" TEXT,
    "toStatus" TEXT,
    "reason" TEXT,
    "workflowId" TEXT,
    "details" JSONB,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MailOutbox" (
    "id" UUID NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "toAddress" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" "MailStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "MailOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "admin_session" (
    "sid" VARCHAR NOT NULL,
    "sess" JSONB NOT NULL,
    "expire" TIMESTAMP(6) NOT NULL,

    CONSTRAINT "admin_session_pkey" PRIMARY KEY ("sid")
);

-- CreateIndex
CREATE INDEX "Organisation_environment_kind_countryCode_idx" ON "Organisation"("environment", "kind", "countryCode");

-- CreateIndex
CREATE INDEX "Organisation_environment_controlBodyKey_idx" ON "Organisation"("environment", "controlBodyKey");

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_environment_kind_code_key" ON "Organisation"("environment", "kind", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Account_email_key" ON "Account"("email");

-- CreateIndex
CREATE INDEX "Registration_accountId_idx" ON "Registration"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "VerificationToken_tokenHash_key" ON "VerificationToken"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "VerificationToken_issueKey_key" ON "VerificationToken"("issueKey");

-- CreateIndex
CREATE UNIQUE INDEX "Session_tokenHash_key" ON "Session"("tokenHash");

-- CreateIndex
CREATE INDEX "Session_accountId_idx" ON "Session"("accountId");

-- CreateIndex
CREATE INDEX "AuthorisationRequest_environment_status_createdAt_idx" ON "AuthorisationRequest"("environment", "status", "createdAt");

-- CreateIndex
CREATE INDEX "AuthorisationRequest_accountId_environment_idx" ON "AuthorisationRequest"("accountId", "environment");

-- CreateIndex
CREATE INDEX "AuthorisationRequest_organisationId_status_idx" ON "AuthorisationRequest"("organisationId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "AuthorisationRequest_workflowId_runId_key" ON "AuthorisationRequest"("workflowId", "runId");

-- CreateIndex
CREATE UNIQUE INDEX "Role_requestId_key" ON "Role"("requestId");

-- CreateIndex
CREATE INDEX "Role_environment_accountId_status_idx" ON "Role"("environment", "accountId", "status");

-- CreateIndex
CREATE INDEX "Role_organisationId_status_idx" ON "Role"("organisationId", "status");

-- CreateIndex
CREATE INDEX "AuditEvent_requestId_at_idx" ON "AuditEvent"("requestId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_entityType_entityId_idx" ON "AuditEvent"("entityType", "entityId");

-- CreateIndex
CREATE UNIQUE INDEX "MailOutbox_idempotencyKey_key" ON "MailOutbox"("idempotencyKey");

-- CreateIndex
CREATE INDEX "admin_session_expire_idx" ON "admin_session"("expire");

-- AddForeignKey
ALTER TABLE "ActivityType" ADD CONSTRAINT "ActivityType_sectionCode_fkey" FOREIGN KEY ("sectionCode") REFERENCES "Section"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_countryCode_fkey" FOREIGN KEY ("countryCode") REFERENCES "Country"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_authorityRoleCode_fkey" FOREIGN KEY ("authorityRoleCode") REFERENCES "AuthorityRole"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganisationActivity" ADD CONSTRAINT "OrganisationActivity_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganisationActivity" ADD CONSTRAINT "OrganisationActivity_sectionCode_fkey" FOREIGN KEY ("sectionCode") REFERENCES "Section"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganisationActivity" ADD CONSTRAINT "OrganisationActivity_activityTypeCode_fkey" FOREIGN KEY ("activityTypeCode") REFERENCES "ActivityType"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganisationCompetence" ADD CONSTRAINT "OrganisationCompetence_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganisationCompetence" ADD CONSTRAINT "OrganisationCompetence_competenceCode_fkey" FOREIGN KEY ("competenceCode") REFERENCES "Competence"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VerificationToken" ADD CONSTRAINT "VerificationToken_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PasswordSubmission" ADD CONSTRAINT "PasswordSubmission_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "VerificationToken"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuthorisationRequest" ADD CONSTRAINT "AuthorisationRequest_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuthorisationRequest" ADD CONSTRAINT "AuthorisationRequest_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuthorisationRequest" ADD CONSTRAINT "AuthorisationRequest_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuthorisationRequest" ADD CONSTRAINT "AuthorisationRequest_parentRequestId_fkey" FOREIGN KEY ("parentRequestId") REFERENCES "AuthorisationRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Role" ADD CONSTRAINT "Role_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Role" ADD CONSTRAINT "Role_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Role" ADD CONSTRAINT "Role_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "AuthorisationRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OperatorDraft" ADD CONSTRAINT "OperatorDraft_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OperatorDraft" ADD CONSTRAINT "OperatorDraft_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "AuthorisationRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

