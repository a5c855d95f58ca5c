-- AlterTable
ALTER TABLE "Certificate" ADD COLUMN "revokedCategory" TEXT;
ALTER TABLE "Certificate" ADD COLUMN "statusIndex" INTEGER;
ALTER TABLE "Certificate" ADD COLUMN "statusList" INTEGER;

-- AlterTable
ALTER TABLE "User" ADD COLUMN "subjectId" TEXT;

-- CreateTable
CREATE TABLE "StatusList" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "revokedKey" TEXT NOT NULL,
    "credential" TEXT NOT NULL,
    "builtAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_statusList_statusIndex_key" ON "Certificate"("statusList", "statusIndex");

-- CreateIndex
CREATE UNIQUE INDEX "User_subjectId_key" ON "User"("subjectId");
