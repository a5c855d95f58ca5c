-- CreateTable
CREATE TABLE "StageChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "enrollmentId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "removed" BOOLEAN NOT NULL DEFAULT false,
    "fromStage" TEXT NOT NULL,
    "toStage" TEXT NOT NULL,
    "reachedAt" DATETIME,
    "source" TEXT NOT NULL,
    "actorId" TEXT,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StageChange_enrollmentId_fkey" FOREIGN KEY ("enrollmentId") REFERENCES "Enrollment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LessonRead" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "courseSlug" TEXT NOT NULL,
    "lessonSlug" TEXT NOT NULL,
    "contentVersion" TEXT NOT NULL DEFAULT '',
    "readAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LessonRead_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CohortCourse" (
    "cohortId" TEXT NOT NULL,
    "courseSlug" TEXT NOT NULL,
    "countsForTrained" BOOLEAN NOT NULL DEFAULT true,

    PRIMARY KEY ("cohortId", "courseSlug"),
    CONSTRAINT "CohortCourse_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_CohortCourse" ("cohortId", "courseSlug") SELECT "cohortId", "courseSlug" FROM "CohortCourse";
DROP TABLE "CohortCourse";
ALTER TABLE "new_CohortCourse" RENAME TO "CohortCourse";
CREATE TABLE "new_CourseCompletion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "courseSlug" TEXT NOT NULL,
    "contentVersion" TEXT NOT NULL,
    "completedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readOnlyLessons" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "CourseCompletion_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_CourseCompletion" ("completedAt", "contentVersion", "courseSlug", "id", "userId") SELECT "completedAt", "contentVersion", "courseSlug", "id", "userId" FROM "CourseCompletion";
DROP TABLE "CourseCompletion";
ALTER TABLE "new_CourseCompletion" RENAME TO "CourseCompletion";
CREATE INDEX "CourseCompletion_courseSlug_completedAt_idx" ON "CourseCompletion"("courseSlug", "completedAt");
CREATE UNIQUE INDEX "CourseCompletion_userId_courseSlug_key" ON "CourseCompletion"("userId", "courseSlug");
CREATE TABLE "new_QuizAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "courseSlug" TEXT NOT NULL,
    "lessonSlug" TEXT NOT NULL,
    "correct" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,
    "score" INTEGER NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "answers" TEXT NOT NULL,
    "number" INTEGER,
    "shown" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "QuizAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_QuizAttempt" ("answers", "correct", "courseSlug", "createdAt", "id", "lessonSlug", "passed", "score", "total", "userId") SELECT "answers", "correct", "courseSlug", "createdAt", "id", "lessonSlug", "passed", "score", "total", "userId" FROM "QuizAttempt";
DROP TABLE "QuizAttempt";
ALTER TABLE "new_QuizAttempt" RENAME TO "QuizAttempt";
CREATE INDEX "QuizAttempt_userId_courseSlug_lessonSlug_idx" ON "QuizAttempt"("userId", "courseSlug", "lessonSlug");
CREATE INDEX "QuizAttempt_courseSlug_idx" ON "QuizAttempt"("courseSlug");
CREATE UNIQUE INDEX "QuizAttempt_userId_courseSlug_lessonSlug_number_key" ON "QuizAttempt"("userId", "courseSlug", "lessonSlug", "number");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "StageChange_enrollmentId_createdAt_idx" ON "StageChange"("enrollmentId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "LessonRead_userId_courseSlug_lessonSlug_key" ON "LessonRead"("userId", "courseSlug", "lessonSlug");

-- Backfill (portable SQL). Existing attempts are numbered 1, 2, 3… per
-- learner and lesson, in the order they were made.
UPDATE "QuizAttempt" SET "number" = (
    SELECT COUNT(*) FROM "QuizAttempt" AS "earlier"
    WHERE "earlier"."userId" = "QuizAttempt"."userId"
      AND "earlier"."courseSlug" = "QuizAttempt"."courseSlug"
      AND "earlier"."lessonSlug" = "QuizAttempt"."lessonSlug"
      AND ("earlier"."createdAt" < "QuizAttempt"."createdAt"
        OR ("earlier"."createdAt" = "QuizAttempt"."createdAt" AND "earlier"."id" <= "QuizAttempt"."id"))
);

-- NOTE: every lesson has a quiz (the content format requires 3 to 10
-- questions), so every lesson marked done by "read" was a quiz lesson
-- completed without its quiz. The completions built on such lessons stay
-- valid and are flagged for trainers; each read mark is kept as a reading
-- record; read marks that completed nothing (the course is not complete)
-- no longer count as lessons done.
UPDATE "CourseCompletion" SET "readOnlyLessons" = (
    SELECT COUNT(*) FROM "LessonProgress"
    WHERE "LessonProgress"."userId" = "CourseCompletion"."userId"
      AND "LessonProgress"."courseSlug" = "CourseCompletion"."courseSlug"
      AND "LessonProgress"."via" = 'read'
);

INSERT INTO "LessonRead" ("id", "userId", "courseSlug", "lessonSlug", "contentVersion", "readAt")
SELECT 'read-' || "id", "userId", "courseSlug", "lessonSlug", "contentVersion", "completedAt"
FROM "LessonProgress" WHERE "via" = 'read';

DELETE FROM "LessonProgress"
WHERE "via" = 'read'
  AND NOT EXISTS (
    SELECT 1 FROM "CourseCompletion"
    WHERE "CourseCompletion"."userId" = "LessonProgress"."userId"
      AND "CourseCompletion"."courseSlug" = "LessonProgress"."courseSlug"
  );
