ALTER TABLE "custom_field_definitions" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "custom_field_definitions" ADD COLUMN "is_archived" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "custom_field_definitions" ADD COLUMN "updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_statuses" ADD COLUMN "is_archived" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_statuses" ADD COLUMN "updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL;