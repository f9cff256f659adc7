ALTER TABLE "messaging_conversations" ALTER COLUMN "ticket_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "messaging_conversations" ADD COLUMN "bot_conversation_id" uuid;