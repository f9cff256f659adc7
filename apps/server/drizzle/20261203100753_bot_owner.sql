CREATE TABLE "bot_learned_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"language" text NOT NULL,
	"folded_question" text NOT NULL,
	"article_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bot_learning_fixes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"language" text NOT NULL,
	"folded_question" text NOT NULL,
	"kind" text NOT NULL,
	"article_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bot_conversations" ADD COLUMN "owner" text;--> statement-breakpoint
ALTER TABLE "bot_learned_answers" ADD CONSTRAINT "bot_learned_answers_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_learned_answers" ADD CONSTRAINT "bot_learned_answers_article_id_kb_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."kb_articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_learned_answers" ADD CONSTRAINT "bot_learned_answers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_learning_fixes" ADD CONSTRAINT "bot_learning_fixes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_learning_fixes" ADD CONSTRAINT "bot_learning_fixes_article_id_kb_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."kb_articles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_learning_fixes" ADD CONSTRAINT "bot_learning_fixes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bot_learned_answers_question_unique" ON "bot_learned_answers" USING btree ("workspace_id","language","folded_question");--> statement-breakpoint
CREATE INDEX "bot_learning_fixes_workspace_created" ON "bot_learning_fixes" USING btree ("workspace_id","created_at");