import { can, requireAccess, type Actor } from '../auth/permissions.js';
import type { AnalyticsReportsService } from './analytics-reports.service.js';
import type { TAnalyticsExperience, TAnalyticsExperienceQuery } from './analytics-experience.schema.js';

/** What the experience figures ask of the NPS and bot modules, which keep their own numbers. */
export interface ExperienceSources {
  summarizeNps(workspaceId: string, period: { from: Date; to: Date; language?: 'en' | 'fr' }): Promise<NonNullable<TAnalyticsExperience['nps']>>;
  summarizeBot(workspaceId: string, period: { from: Date; to: Date; language?: 'en' | 'fr' }): Promise<NonNullable<TAnalyticsExperience['bot']>>;
}

/**
 * Satisfaction, NPS and the bot for one period, side by side: the satisfaction figures come from the analytics
 * rollups within the reader's scope; NPS and the bot are workspace-wide and shown to the roles that read them.
 */
export class AnalyticsExperienceService {
  constructor(
    private readonly reports: AnalyticsReportsService,
    private readonly sources: ExperienceSources,
  ) {}

  async getExperience(actor: Actor, query: TAnalyticsExperienceQuery): Promise<TAnalyticsExperience> {
    requireAccess(actor, 'analytics.read');
    const satisfaction = await this.reports.runCustomReport(
      actor,
      { metrics: ['csat_average', 'csat_responses', 'surveys_offered', 'survey_response_rate'], groupBy: [], filters: {}, chart: 'table' },
      { ...query, hours: 'business' },
    );
    const period = { from: new Date(satisfaction.period.from), to: new Date(satisfaction.period.to), ...(query.language?.length === 1 && { language: query.language[0] }) };
    const nps = can(actor, 'satisfaction.read') ? await this.sources.summarizeNps(actor.workspaceId, period) : null;
    const bot = can(actor, 'bot.manage') ? await this.sources.summarizeBot(actor.workspaceId, period) : null;
    const totals = satisfaction.totals;
    return {
      period: { from: satisfaction.period.from, to: satisfaction.period.to, timeZone: satisfaction.period.timeZone },
      satisfaction: {
        scope: satisfaction.scope,
        csatAverage: totals.csat_average ?? null,
        csatResponses: totals.csat_responses ?? 0,
        surveysOffered: totals.surveys_offered ?? 0,
        surveyResponseRate: totals.survey_response_rate ?? null,
      },
      nps,
      bot,
      sources: [...satisfaction.sources, ...(nps ? ['nps_surveys'] : []), ...(bot ? ['bot_conversations'] : [])],
      flags: satisfaction.flags,
    };
  }
}
