-- AlterTable
ALTER TABLE "PasswordToken" ADD COLUMN "createdById" TEXT;

-- CreateTable
CREATE TABLE "CohortInvitation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "cohortId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "invitedById" TEXT,
    "importBatchId" TEXT,
    "rowName" TEXT NOT NULL,
    "rowContact" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "respondedAt" DATETIME,
    "accepted" BOOLEAN,
    CONSTRAINT "CohortInvitation_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CohortInvitation_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OutboundMail" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "quotaKey" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sendAfter" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedAt" DATETIME,
    "sentAt" DATETIME,
    "failedAt" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT
);

-- AlterTable (plain ADD COLUMN, so that later migrations of these tables keep these columns)
ALTER TABLE "Cohort" ADD COLUMN "demo" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "User" ADD COLUMN "claimedAt" DATETIME;
ALTER TABLE "User" ADD COLUMN "demo" BOOLEAN NOT NULL DEFAULT false;

-- Accounts with a password were taken in hand by their owner (sign-up or a link); imported ones without a password were not.
UPDATE "User" SET "claimedAt" = "createdAt" WHERE "passwordHash" IS NOT NULL;

-- Demo data seeded before this migration (README's known password): demo accounts sign in only in demo mode.
UPDATE "User" SET "demo" = true WHERE "email" LIKE '%@essor.demo' OR "email" LIKE '%.essor.demo' OR "id" LIKE 'demo-%' OR "phone" = '+237677000001';
UPDATE "Cohort" SET "demo" = true WHERE "joinCode" = 'DEMO2026' OR "createdById" IN (SELECT "id" FROM "User" WHERE "demo" = true);


-- CreateIndex
CREATE INDEX "CohortInvitation_userId_respondedAt_idx" ON "CohortInvitation"("userId", "respondedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CohortInvitation_cohortId_userId_key" ON "CohortInvitation"("cohortId", "userId");

-- CreateIndex
CREATE INDEX "OutboundMail_sentAt_sendAfter_idx" ON "OutboundMail"("sentAt", "sendAfter");

-- CreateIndex
CREATE INDEX "OutboundMail_quotaKey_sentAt_idx" ON "OutboundMail"("quotaKey", "sentAt");
