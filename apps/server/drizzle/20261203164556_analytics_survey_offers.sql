ALTER TABLE "analytics_daily_rollups" ADD COLUMN "surveys_offered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_daily_rollups" ADD COLUMN "surveys_answered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_ticket_facts" ADD COLUMN "survey_offered_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "analytics_facts_survey_offered" ON "analytics_ticket_facts" USING btree ("workspace_id","survey_offered_at") WHERE survey_offered_at IS NOT NULL;--> statement-breakpoint
-- The surveys already sent: each ticket's latest link (chat ratings are asked in the window, not sent), then the
-- daily counters they make, in each workspace's analytics time zone.
UPDATE "analytics_ticket_facts" f SET "survey_offered_at" = r."offered_at"
  FROM "satisfaction_ratings" r
  WHERE r."ticket_id" = f."ticket_id" AND r."workspace_id" = f."workspace_id" AND f."channel" <> 'chat';--> statement-breakpoint
INSERT INTO "analytics_daily_rollups" ("workspace_id", "day", "channel", "priority", "language", "team_key", "surveys_offered", "surveys_answered")
  SELECT f."workspace_id", (f."survey_offered_at" AT TIME ZONE s."time_zone")::date, f."channel", f."priority", f."language", coalesce(f."team_id"::text, ''),
         count(*)::int, count(f."rated_at")::int
  FROM "analytics_ticket_facts" f JOIN "analytics_state" s ON s."workspace_id" = f."workspace_id"
  WHERE f."survey_offered_at" IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ("workspace_id", "day", "channel", "priority", "language", "team_key")
  DO UPDATE SET "surveys_offered" = excluded."surveys_offered", "surveys_answered" = excluded."surveys_answered";
