-- An agent's own reports read that agent's facts through this index, instead of every fact of the period.
CREATE INDEX "analytics_facts_assignee" ON "analytics_ticket_facts" USING btree ("workspace_id","assignee_id") WHERE assignee_id IS NOT NULL;
