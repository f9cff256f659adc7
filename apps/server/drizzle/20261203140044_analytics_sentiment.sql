CREATE TABLE "analytics_sentiment_daily" (
	"workspace_id" uuid NOT NULL,
	"day" date NOT NULL,
	"language" text NOT NULL,
	"channel" text NOT NULL,
	"messages" integer DEFAULT 0 NOT NULL,
	"score_sum" double precision DEFAULT 0 NOT NULL,
	"negative_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_sentiment_daily_workspace_id_day_language_channel_pk" PRIMARY KEY("workspace_id","day","language","channel")
);
--> statement-breakpoint
CREATE TABLE "analytics_sentiment_messages" (
	"comment_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"written_at" timestamp (3) with time zone NOT NULL,
	"day" date NOT NULL,
	"language" text NOT NULL,
	"channel" text NOT NULL,
	"score" double precision NOT NULL
);
--> statement-breakpoint
ALTER TABLE "analytics_sentiment_daily" ADD CONSTRAINT "analytics_sentiment_daily_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_sentiment_messages" ADD CONSTRAINT "analytics_sentiment_messages_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_sentiment_messages_written" ON "analytics_sentiment_messages" USING btree ("workspace_id","written_at");--> statement-breakpoint
CREATE INDEX "analytics_sentiment_messages_ticket" ON "analytics_sentiment_messages" USING btree ("workspace_id","ticket_id");