-- Stages recorded before stage changes were kept (migration
-- 20261201024243_completion_integrity) have no "why": under the former rule a
-- completed course, any course, set "selected" and "trained". Each such
-- milestone gets one history row with source 'former_rule', so the trainer's
-- pages say it was recorded under that rule and is to be checked; the
-- milestone itself is kept, as completions earned then are.
INSERT INTO "StageChange" ("id", "enrollmentId", "stage", "removed", "fromStage", "toStage", "reachedAt", "source", "actorId", "detail", "createdAt")
SELECT 'former-selected-' || "id", "id", 'selected', false, "stage", "stage", "selectedAt", 'former_rule', NULL, '{}', "selectedAt"
FROM "Enrollment" e
WHERE "selectedAt" IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM "StageChange" s WHERE s."enrollmentId" = e."id" AND s."stage" = 'selected');

INSERT INTO "StageChange" ("id", "enrollmentId", "stage", "removed", "fromStage", "toStage", "reachedAt", "source", "actorId", "detail", "createdAt")
SELECT 'former-trained-' || "id", "id", 'trained', false, "stage", "stage", "trainedAt", 'former_rule', NULL, '{}', "trainedAt"
FROM "Enrollment" e
WHERE "trainedAt" IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM "StageChange" s WHERE s."enrollmentId" = e."id" AND s."stage" = 'trained');
