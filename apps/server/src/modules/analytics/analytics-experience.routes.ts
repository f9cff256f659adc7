import type { AppInstance } from '../../http/http-types.js';
import { requireAccess } from '../auth/permissions.js';
import { ZAnalyticsExperience, ZAnalyticsExperienceQuery } from './analytics-experience.schema.js';
import type { AnalyticsExperienceService } from './analytics-experience.service.js';

/** Satisfaction, NPS and the bot of a period, side by side. */
export function registerAnalyticsExperienceRoutes(app: AppInstance, { analyticsExperience }: { analyticsExperience: AnalyticsExperienceService }): void {
  app.get(
    '/api/v1/analytics/experience',
    {
      schema: {
        tags: ['analytics'],
        summary:
          'The customer experience of a period (by default the 30 days before tomorrow, in the workspace’s time zone): CSAT and the satisfaction survey response rate within the reader’s scope, the NPS and the bot’s answer, resolution and handoff rates of the workspace (admins and managers; null for agents). `language` (one) narrows all three.',
        querystring: ZAnalyticsExperienceQuery,
        response: { 200: ZAnalyticsExperience },
      },
      config: { permission: 'analytics.read' },
    },
    async (request) => analyticsExperience.getExperience(requireAccess(request.actor, 'analytics.read'), request.query),
  );
}
