ALTER TABLE "chat_conversations" ADD COLUMN "closed_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "chat_conversations" ADD COLUMN "last_message_at" timestamp (3) with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_conversations" ADD COLUMN "inactivity_warned_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD COLUMN "attachments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_settings" ADD COLUMN "accent_color" text DEFAULT '#1d4ed8' NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_settings" ADD COLUMN "logo_url" text;--> statement-breakpoint
ALTER TABLE "chat_settings" ADD COLUMN "business_hours" jsonb;--> statement-breakpoint
ALTER TABLE "chat_settings" ADD COLUMN "inactivity_minutes" integer DEFAULT 10 NOT NULL;