DROP INDEX "kb_articles_search";--> statement-breakpoint
CREATE INDEX "kb_articles_search_scoped" ON "kb_articles" USING gin ("workspace_id","language","search_vector");