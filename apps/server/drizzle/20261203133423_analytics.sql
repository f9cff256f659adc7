CREATE TABLE "analytics_daily_rollups" (
	"workspace_id" uuid NOT NULL,
	"day" date NOT NULL,
	"channel" text NOT NULL,
	"priority" text NOT NULL,
	"language" text NOT NULL,
	"team_key" text NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"resolved_breached" integer DEFAULT 0 NOT NULL,
	"created_resolved" integer DEFAULT 0 NOT NULL,
	"created_escalated" integer DEFAULT 0 NOT NULL,
	"sla_breaches" integer DEFAULT 0 NOT NULL,
	"escalations" integer DEFAULT 0 NOT NULL,
	"csat_responses" integer DEFAULT 0 NOT NULL,
	"csat_sum" integer DEFAULT 0 NOT NULL,
	"csat_satisfied" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_daily_rollups_workspace_id_day_channel_priority_language_team_key_pk" PRIMARY KEY("workspace_id","day","channel","priority","language","team_key")
);
--> statement-breakpoint
CREATE TABLE "analytics_state" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"time_zone" text NOT NULL,
	"rebuild_status" text DEFAULT 'idle' NOT NULL,
	"rebuild_error" text,
	"rebuild_started_at" timestamp (3) with time zone,
	"rebuild_finished_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "analytics_ticket_facts" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"channel" text NOT NULL,
	"priority" text NOT NULL,
	"type" text,
	"category" text,
	"language" text NOT NULL,
	"team_id" uuid,
	"assignee_id" uuid,
	"status" text NOT NULL,
	"status_category" text NOT NULL,
	"first_response_at" timestamp (3) with time zone,
	"first_response_seconds" integer,
	"first_response_business_seconds" integer,
	"awaiting_since" timestamp (3) with time zone,
	"reply_count" integer DEFAULT 0 NOT NULL,
	"reply_wait_seconds" integer DEFAULT 0 NOT NULL,
	"reply_wait_business_seconds" integer DEFAULT 0 NOT NULL,
	"resolved_at" timestamp (3) with time zone,
	"resolution_seconds" integer,
	"resolution_business_seconds" integer,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"first_breached_at" timestamp (3) with time zone,
	"sla_breaches" integer DEFAULT 0 NOT NULL,
	"escalated_at" timestamp (3) with time zone,
	"escalation_reason" text,
	"csat_rating" integer,
	"rated_at" timestamp (3) with time zone,
	"handle_seconds" integer,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "analytics_daily_rollups" ADD CONSTRAINT "analytics_daily_rollups_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_state" ADD CONSTRAINT "analytics_state_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_ticket_facts" ADD CONSTRAINT "analytics_ticket_facts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_facts_created" ON "analytics_ticket_facts" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "analytics_facts_resolved" ON "analytics_ticket_facts" USING btree ("workspace_id","resolved_at") WHERE resolved_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "analytics_facts_open" ON "analytics_ticket_facts" USING btree ("workspace_id","created_at") WHERE resolved_at IS NULL;--> statement-breakpoint
CREATE INDEX "analytics_facts_first_response" ON "analytics_ticket_facts" USING btree ("workspace_id","first_response_at") WHERE first_response_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "analytics_facts_rated" ON "analytics_ticket_facts" USING btree ("workspace_id","rated_at") WHERE rated_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "analytics_facts_breached" ON "analytics_ticket_facts" USING btree ("workspace_id","first_breached_at") WHERE first_breached_at IS NOT NULL;--> statement-breakpoint
-- Workspaces that exist before analytics: their figures are built from the record by the first rebuild (see AnalyticsService.rebuildPending).
INSERT INTO "analytics_state" ("workspace_id", "time_zone", "rebuild_status") SELECT "id", "time_zone", 'pending' FROM "workspaces";
