-- AlterTable
ALTER TABLE "LessonRead" ADD COLUMN "clientId" TEXT;

-- AlterTable
ALTER TABLE "QuizAttempt" ADD COLUMN "clientId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "LessonRead_userId_clientId_key" ON "LessonRead"("userId", "clientId");

-- CreateIndex
CREATE UNIQUE INDEX "QuizAttempt_userId_clientId_key" ON "QuizAttempt"("userId", "clientId");
