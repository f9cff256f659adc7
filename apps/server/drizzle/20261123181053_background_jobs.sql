CREATE TABLE "job_idempotency_keys" (
	"workspace_id" uuid NOT NULL,
	"job_name" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"queue_name" text NOT NULL,
	"job_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp (3) with time zone,
	CONSTRAINT "job_idempotency_keys_workspace_id_job_name_idempotency_key_pk" PRIMARY KEY("workspace_id","job_name","idempotency_key")
);
--> statement-breakpoint
ALTER TABLE "job_idempotency_keys" ADD CONSTRAINT "job_idempotency_keys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "job_idempotency_keys_created_at" ON "job_idempotency_keys" USING btree ("created_at");