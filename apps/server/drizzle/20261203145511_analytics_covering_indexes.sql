-- Reports read the facts of a period through the index of the timestamp they count by; with the dimensions and the
-- measures in the index too, PostgreSQL answers from the index alone (an index-only scan), not from the table's pages.
DROP INDEX IF EXISTS "analytics_facts_created";--> statement-breakpoint
CREATE INDEX "analytics_facts_created" ON "analytics_ticket_facts" USING btree ("workspace_id","created_at") INCLUDE ("channel", "priority", "type", "category", "language", "team_id", "assignee_id", "status", "status_category", "escalation_reason", "resolved_at", "escalated_at", "reply_count", "reply_wait_seconds", "reply_wait_business_seconds");--> statement-breakpoint
DROP INDEX IF EXISTS "analytics_facts_resolved";--> statement-breakpoint
CREATE INDEX "analytics_facts_resolved" ON "analytics_ticket_facts" USING btree ("workspace_id","resolved_at") INCLUDE ("channel", "priority", "type", "category", "language", "team_id", "assignee_id", "status", "status_category", "escalation_reason", "created_at", "resolution_seconds", "resolution_business_seconds", "sla_breaches", "handle_seconds") WHERE resolved_at IS NOT NULL;--> statement-breakpoint
DROP INDEX IF EXISTS "analytics_facts_open";--> statement-breakpoint
CREATE INDEX "analytics_facts_open" ON "analytics_ticket_facts" USING btree ("workspace_id","created_at") INCLUDE ("channel", "priority", "type", "category", "language", "team_id", "assignee_id", "status", "status_category", "escalation_reason") WHERE resolved_at IS NULL;--> statement-breakpoint
DROP INDEX IF EXISTS "analytics_facts_first_response";--> statement-breakpoint
CREATE INDEX "analytics_facts_first_response" ON "analytics_ticket_facts" USING btree ("workspace_id","first_response_at") INCLUDE ("channel", "priority", "type", "category", "language", "team_id", "assignee_id", "status", "status_category", "escalation_reason", "first_response_seconds", "first_response_business_seconds") WHERE first_response_at IS NOT NULL;--> statement-breakpoint
DROP INDEX IF EXISTS "analytics_facts_rated";--> statement-breakpoint
CREATE INDEX "analytics_facts_rated" ON "analytics_ticket_facts" USING btree ("workspace_id","rated_at") INCLUDE ("channel", "priority", "type", "category", "language", "team_id", "assignee_id", "status", "status_category", "escalation_reason", "csat_rating") WHERE rated_at IS NOT NULL;
--> statement-breakpoint
-- The live dashboard counts the running SLA clocks at risk of a workspace from this index alone.
DROP INDEX IF EXISTS "ticket_sla_targets_running_due";--> statement-breakpoint
CREATE INDEX "ticket_sla_targets_running_due" ON "ticket_sla_targets" USING btree ("workspace_id","due_at") INCLUDE ("warn_at", "ticket_id") WHERE running_since IS NOT NULL AND fulfilled_at IS NULL AND cancelled_at IS NULL;
