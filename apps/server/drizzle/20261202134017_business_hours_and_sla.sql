CREATE TABLE "business_calendars" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"time_zone" text NOT NULL,
	"intervals" jsonb NOT NULL,
	"holiday_set" text,
	"holidays" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"conditions" jsonb NOT NULL,
	"targets" jsonb NOT NULL,
	"calendar_id" uuid,
	"warning_percent" integer DEFAULT 75 NOT NULL,
	"breach_actions" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_sla_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"policy_id" uuid,
	"metric" text NOT NULL,
	"target_minutes" integer NOT NULL,
	"calendar_id" uuid,
	"warning_percent" integer NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"elapsed_minutes" double precision DEFAULT 0 NOT NULL,
	"running_since" timestamp (3) with time zone,
	"due_at" timestamp (3) with time zone,
	"warn_at" timestamp (3) with time zone,
	"warned_at" timestamp (3) with time zone,
	"breached_at" timestamp (3) with time zone,
	"fulfilled_at" timestamp (3) with time zone,
	"cancelled_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "business_calendars" ADD CONSTRAINT "business_calendars_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_calendar_id_business_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."business_calendars"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_sla_targets" ADD CONSTRAINT "ticket_sla_targets_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_sla_targets" ADD CONSTRAINT "ticket_sla_targets_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_sla_targets" ADD CONSTRAINT "ticket_sla_targets_policy_id_sla_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."sla_policies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_sla_targets" ADD CONSTRAINT "ticket_sla_targets_calendar_id_business_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."business_calendars"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "business_calendars_name_unique" ON "business_calendars" USING btree ("workspace_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "business_calendars_one_default" ON "business_calendars" USING btree ("workspace_id") WHERE "business_calendars"."is_default";--> statement-breakpoint
CREATE UNIQUE INDEX "sla_policies_name_unique" ON "sla_policies" USING btree ("workspace_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "sla_policies_one_default" ON "sla_policies" USING btree ("workspace_id") WHERE "sla_policies"."is_default";--> statement-breakpoint
CREATE INDEX "ticket_sla_targets_ticket" ON "ticket_sla_targets" USING btree ("ticket_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_sla_targets_one_live" ON "ticket_sla_targets" USING btree ("ticket_id","metric") WHERE "ticket_sla_targets"."fulfilled_at" is null and "ticket_sla_targets"."cancelled_at" is null;--> statement-breakpoint
CREATE INDEX "ticket_sla_targets_running_due" ON "ticket_sla_targets" USING btree ("workspace_id","due_at") WHERE "ticket_sla_targets"."running_since" is not null and "ticket_sla_targets"."fulfilled_at" is null and "ticket_sla_targets"."cancelled_at" is null;--> statement-breakpoint
CREATE INDEX "ticket_sla_targets_pending_breach" ON "ticket_sla_targets" USING btree ("due_at") WHERE "ticket_sla_targets"."running_since" is not null and "ticket_sla_targets"."breached_at" is null and "ticket_sla_targets"."fulfilled_at" is null and "ticket_sla_targets"."cancelled_at" is null;--> statement-breakpoint
CREATE INDEX "ticket_sla_targets_pending_warning" ON "ticket_sla_targets" USING btree ("warn_at") WHERE "ticket_sla_targets"."running_since" is not null and "ticket_sla_targets"."warned_at" is null and "ticket_sla_targets"."fulfilled_at" is null and "ticket_sla_targets"."cancelled_at" is null;