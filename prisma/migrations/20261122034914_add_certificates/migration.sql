-- CreateTable
CREATE TABLE "Certificate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "issueKey" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'course',
    "courseSlug" TEXT,
    "cohortId" TEXT,
    "language" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "holderName" TEXT NOT NULL,
    "cohortName" TEXT,
    "trainerName" TEXT,
    "hours" REAL NOT NULL,
    "issuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "keyId" TEXT NOT NULL,
    "credential" TEXT NOT NULL,
    "compact" TEXT NOT NULL,
    "showName" BOOLEAN NOT NULL DEFAULT true,
    "revokedAt" DATETIME,
    "revokedReason" TEXT,
    "revokedById" TEXT,
    "replacesId" TEXT,
    CONSTRAINT "Certificate_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_code_key" ON "Certificate"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_issueKey_key" ON "Certificate"("issueKey");

-- CreateIndex
CREATE INDEX "Certificate_userId_idx" ON "Certificate"("userId");

-- CreateIndex
CREATE INDEX "Certificate_cohortId_idx" ON "Certificate"("cohortId");

-- CreateIndex
CREATE INDEX "Certificate_courseSlug_idx" ON "Certificate"("courseSlug");
