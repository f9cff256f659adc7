CREATE TABLE "bot_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"greeting" jsonb DEFAULT '{"en":"","fr":""}'::jsonb NOT NULL,
	"tone" text DEFAULT 'friendly' NOT NULL,
	"fallback" jsonb DEFAULT '{"en":"","fr":""}'::jsonb NOT NULL,
	"after_hours" text DEFAULT 'take_message' NOT NULL,
	"after_hours_message" jsonb DEFAULT '{"en":"","fr":""}'::jsonb NOT NULL,
	"handoff_fields" jsonb DEFAULT '["name","email"]'::jsonb NOT NULL,
	"sensitive_topics" jsonb DEFAULT '["billing_dispute","legal","account_security"]'::jsonb NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bot_conversations" ADD COLUMN "channel" text DEFAULT 'api' NOT NULL;--> statement-breakpoint
ALTER TABLE "bot_conversations" ADD COLUMN "state" jsonb DEFAULT '{"task":null,"awaiting":null,"fields":{}}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "bot_conversations" ADD COLUMN "resolved_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "bot_conversations" ADD COLUMN "ticket_id" uuid;--> statement-breakpoint
ALTER TABLE "bot_questions" ADD COLUMN "feedback" text;--> statement-breakpoint
ALTER TABLE "bot_settings" ADD CONSTRAINT "bot_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_conversations" ADD CONSTRAINT "bot_conversations_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE set null ON UPDATE no action;