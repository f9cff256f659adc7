DROP INDEX "kb_articles_title_trgm";--> statement-breakpoint
ALTER TABLE "kb_articles" ADD COLUMN "title_vector" "tsvector" GENERATED ALWAYS AS (switchboard_search_vector("title")) STORED;--> statement-breakpoint
ALTER TABLE "kb_articles" ADD COLUMN "title_folded" text GENERATED ALWAYS AS (switchboard_unaccent(lower("title"))) STORED;--> statement-breakpoint
CREATE INDEX "kb_articles_title_folded_trgm" ON "kb_articles" USING gin ("title_folded" gin_trgm_ops);