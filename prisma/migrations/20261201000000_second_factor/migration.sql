-- CreateEnum
CREATE TYPE "SecondFactorType" AS ENUM ('TOTP', 'PASSKEY');

-- CreateEnum
CREATE TYPE "SecondFactorChallengePurpose" AS ENUM ('LOGIN', 'PASSKEY_REGISTRATION');

-- CreateTable
CREATE TABLE "SecondFactor" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "type" "SecondFactorType" NOT NULL,
    "label" TEXT NOT NULL,
    "secretSealed" TEXT,
    "lastTimeStep" INTEGER,
    "credentialId" TEXT,
    "publicKey" BYTEA,
    "signCount" BIGINT NOT NULL DEFAULT 0,
    "transports" TEXT[],
    "confirmedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SecondFactor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecoveryCode" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecoveryCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SecondFactorChallenge" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "purpose" "SecondFactorChallengePurpose" NOT NULL,
    "tokenHash" TEXT,
    "webauthnChallenge" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "consumedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SecondFactorChallenge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttemptCounter" (
    "key" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "windowStart" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AttemptCounter_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "SecondFactor_credentialId_key" ON "SecondFactor"("credentialId");

-- CreateIndex
CREATE INDEX "SecondFactor_accountId_idx" ON "SecondFactor"("accountId");

-- One authenticator app per account (a partial index, which the Prisma schema cannot express): two enrolments
-- confirmed at the same moment cannot both become the account's app.
CREATE UNIQUE INDEX "SecondFactor_one_totp_per_account" ON "SecondFactor"("accountId") WHERE "type" = 'TOTP' AND "confirmedAt" IS NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "RecoveryCode_codeHash_key" ON "RecoveryCode"("codeHash");

-- CreateIndex
CREATE INDEX "RecoveryCode_accountId_idx" ON "RecoveryCode"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "SecondFactorChallenge_tokenHash_key" ON "SecondFactorChallenge"("tokenHash");

-- CreateIndex
CREATE INDEX "SecondFactorChallenge_accountId_idx" ON "SecondFactorChallenge"("accountId");

-- AddForeignKey
ALTER TABLE "SecondFactor" ADD CONSTRAINT "SecondFactor_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecoveryCode" ADD CONSTRAINT "RecoveryCode_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SecondFactorChallenge" ADD CONSTRAINT "SecondFactorChallenge_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
