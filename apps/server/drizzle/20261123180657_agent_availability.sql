ALTER TABLE "users" ADD COLUMN "chosen_availability" text DEFAULT 'online' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "availability" text DEFAULT 'offline' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "availability_changed_at" timestamp (3) with time zone;