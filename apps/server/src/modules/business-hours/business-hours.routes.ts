import { z } from 'zod';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { requireAccess } from '../auth/permissions.js';
import {
  ZBusinessCalendar,
  ZCalendarHolidays,
  ZCreateCalendarRequest,
  ZHolidaySet,
  ZHolidaySetKey,
  ZUpdateCalendarRequest,
  ZYearQuery,
} from './business-hours.schema.js';

const tags = ['business hours'];
const ZCalendarParams = z.object({ calendarId: z.uuid() });

export function registerBusinessHoursRoutes(app: AppInstance, { businessHours }: Services): void {
  app.get(
    '/api/v1/business-hours/calendars',
    { schema: { tags, summary: 'Business-hours calendars (opening hours, time zone, holidays)', response: { 200: z.object({ data: z.array(ZBusinessCalendar) }) } }, config: { permission: 'settings.read' } },
    async (request) => ({ data: await businessHours.list(requireAccess(request.actor, 'settings.read')) }),
  );

  app.post(
    '/api/v1/business-hours/calendars',
    { schema: { tags, summary: 'Create a calendar (the first one is the default)', body: ZCreateCalendarRequest, response: { 201: ZBusinessCalendar } }, config: { permission: 'settings.manage' } },
    async (request, reply) => reply.status(201).send(await businessHours.create(requireAccess(request.actor, 'settings.manage'), request.body)),
  );

  app.get(
    '/api/v1/business-hours/calendars/:calendarId',
    { schema: { tags, summary: 'One calendar', params: ZCalendarParams, response: { 200: ZBusinessCalendar } }, config: { permission: 'settings.read' } },
    async (request) => businessHours.get(requireAccess(request.actor, 'settings.read'), request.params.calendarId),
  );

  app.patch(
    '/api/v1/business-hours/calendars/:calendarId',
    { schema: { tags, summary: 'Change a calendar; SLA due times computed afterwards follow it', params: ZCalendarParams, body: ZUpdateCalendarRequest, response: { 200: ZBusinessCalendar } }, config: { permission: 'settings.manage' } },
    async (request) => businessHours.update(requireAccess(request.actor, 'settings.manage'), request.params.calendarId, request.body),
  );

  app.delete(
    '/api/v1/business-hours/calendars/:calendarId',
    { schema: { tags, summary: 'Delete a calendar no SLA policy uses', params: ZCalendarParams, response: { 204: z.null() } }, config: { permission: 'settings.manage' } },
    async (request, reply) => {
      await businessHours.delete(requireAccess(request.actor, 'settings.manage'), request.params.calendarId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/business-hours/calendars/:calendarId/holidays',
    { schema: { tags, summary: 'The days a calendar is closed in a year (its holiday set and its own days)', params: ZCalendarParams, querystring: ZYearQuery, response: { 200: ZCalendarHolidays } }, config: { permission: 'settings.read' } },
    async (request) => businessHours.holidaysOfCalendar(requireAccess(request.actor, 'settings.read'), request.params.calendarId, request.query.year),
  );

  app.get(
    '/api/v1/business-hours/holiday-sets',
    { schema: { tags, summary: 'The public-holiday sets a calendar can follow, with their dates in a year', querystring: ZYearQuery, response: { 200: z.object({ data: z.array(ZHolidaySet) }) } }, config: { permission: 'settings.read' } },
    async (request) => {
      requireAccess(request.actor, 'settings.read');
      return { data: businessHours.holidaySets(request.query.year) };
    },
  );

  app.get(
    '/api/v1/business-hours/holiday-sets/:key',
    { schema: { tags, summary: 'One holiday set in a year', params: z.object({ key: ZHolidaySetKey }), querystring: ZYearQuery, response: { 200: ZHolidaySet } }, config: { permission: 'settings.read' } },
    async (request) => {
      requireAccess(request.actor, 'settings.read');
      return businessHours.holidaySet(request.params.key, request.query.year);
    },
  );
}
