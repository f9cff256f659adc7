CREATE TABLE "imap_mailboxes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"host" text NOT NULL,
	"port" integer NOT NULL,
	"security" text NOT NULL,
	"username" text NOT NULL,
	"password_encrypted" text NOT NULL,
	"folder" text DEFAULT 'INBOX' NOT NULL,
	"poll_interval_seconds" integer NOT NULL,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"uid_validity" bigint,
	"last_uid" bigint,
	"next_poll_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp (3) with time zone,
	"claim_token" uuid,
	"last_poll_at" timestamp (3) with time zone,
	"last_poll_status" text,
	"last_poll_error_code" text,
	"last_poll_message" text,
	"last_poll_fetched_count" integer,
	"last_poll_skipped_count" integer,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "imap_mailboxes" ADD CONSTRAINT "imap_mailboxes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "imap_mailboxes_account_unique" ON "imap_mailboxes" USING btree ("workspace_id","host","port","username","folder");--> statement-breakpoint
CREATE INDEX "imap_mailboxes_due" ON "imap_mailboxes" USING btree ("next_poll_at");