import { z } from 'zod';
import { ZAnalyticsQuery, ZDataFlag, ZScope } from './analytics.schema.js';

/**
 * The customer-experience figures of a period in one answer: satisfaction (CSAT and the survey response rate, within
 * the reader's scope), NPS and the bot (the workspace's, for the roles that read them).
 */

export const ZAnalyticsExperienceQuery = ZAnalyticsQuery.pick({ from: true, to: true, language: true });
export type TAnalyticsExperienceQuery = z.infer<typeof ZAnalyticsExperienceQuery>;

const ZShare = z.number().min(0).max(1).nullable().describe('A share, 0 to 1; null when nothing was counted');

export const ZAnalyticsExperience = z.object({
  period: z.object({ from: z.iso.datetime(), to: z.iso.datetime(), timeZone: z.string() }),
  satisfaction: z.object({
    scope: ZScope,
    csatAverage: z.number().nullable().describe('1 to 5, answers given in the period'),
    csatResponses: z.number().int(),
    surveysOffered: z.number().int().describe('Satisfaction links emailed in the period (a chat’s rating is asked in its window, not counted)'),
    surveyResponseRate: ZShare.describe('Of the links emailed in the period, the share answered'),
  }),
  nps: z
    .object({
      sent: z.number().int(),
      responses: z.number().int(),
      responseRate: ZShare,
      promoters: z.number().int(),
      passives: z.number().int(),
      detractors: z.number().int(),
      score: z.number().min(-100).max(100).nullable().describe('% promoters − % detractors; null without answers'),
    })
    .nullable()
    .describe('The workspace’s NPS surveys sent in the period; null for roles that do not read satisfaction results (agents)'),
  bot: z
    .object({
      conversations: z.number().int(),
      questions: z.number().int(),
      answerRate: ZShare.describe('Questions answered with an article'),
      resolvedWithoutHandoff: z.number().int().describe('Conversations resolved without a person'),
      resolvedRate: ZShare.describe('Share of the conversations resolved without a person'),
      handoffs: z.number().int(),
      handoffRate: ZShare.describe('Conversations handed to a person'),
    })
    .nullable()
    .describe('The workspace’s bot conversations started in the period; null for roles that do not manage the bot (agents)'),
  sources: z.array(z.string()).describe('`daily_rollups` or `ticket_facts` (satisfaction), `nps_surveys`, `bot_conversations`'),
  flags: z.array(ZDataFlag),
});
export type TAnalyticsExperience = z.infer<typeof ZAnalyticsExperience>;
