import { z } from 'zod';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { ZPageQuery } from '../../shared/pagination.js';
import { requireAccess } from '../auth/permissions.js';
import { LANGUAGES } from '../workspaces/workspaces.schema.js';
import { ZCreateTeamRequest, ZCreateUserRequest, ZTeam, ZUpdateAvailabilityRequest, ZUpdateTeamRequest, ZUpdateUserRequest, ZUser } from './users.schema.js';

const ZUserParams = z.object({ userId: z.uuid() });
const ZTeamParams = z.object({ teamId: z.uuid() });

export function registerUserRoutes(app: AppInstance, services: Services): void {
  app.get(
    '/api/v1/users',
    { schema: { tags: ['users'], summary: 'Staff of the workspace, by email', querystring: ZPageQuery, response: { 200: z.object({ data: z.array(ZUser), nextCursor: z.string().nullable() }) } }, config: { permission: 'users.read' } },
    async (request) => services.users.list(requireAccess(request.actor, 'users.read'), request.query),
  );

  app.post(
    '/api/v1/users',
    { schema: { tags: ['users'], summary: 'Add a staff member', body: ZCreateUserRequest, response: { 201: ZUser } }, config: { permission: 'users.manage' } },
    async (request, reply) => reply.status(201).send(await services.users.createForActor(requireAccess(request.actor, 'users.manage'), request.body)),
  );

  app.get(
    '/api/v1/users/:userId',
    { schema: { tags: ['users'], summary: 'One staff member', params: ZUserParams, response: { 200: ZUser } }, config: { permission: 'users.read' } },
    async (request) => services.users.get(requireAccess(request.actor, 'users.read'), request.params.userId),
  );

  app.patch(
    '/api/v1/users/:userId',
    { schema: { tags: ['users'], summary: 'Change name, role, language or deactivate', params: ZUserParams, body: ZUpdateUserRequest, response: { 200: ZUser } }, config: { permission: 'users.manage' } },
    async (request) => services.users.update(requireAccess(request.actor, 'users.manage'), request.params.userId, request.body),
  );

  app.patch(
    '/api/v1/account',
    {
      schema: {
        tags: ['users'],
        summary: 'Change your own display name or language',
        body: z.object({ name: z.string().trim().min(1).max(120).optional(), language: z.enum(LANGUAGES).optional() }).strict(),
        response: { 200: ZUser },
      },
      config: { permission: 'account.own' },
    },
    async (request) => services.users.updateOwnProfile(requireAccess(request.actor, 'account.own'), request.body),
  );

  app.put(
    '/api/v1/account/availability',
    {
      schema: {
        tags: ['users'],
        summary: 'Say you are online, away or offline (others see offline whenever you have no app connected)',
        body: ZUpdateAvailabilityRequest,
        response: { 200: ZUser },
      },
      config: { permission: 'account.own' },
    },
    async (request) => services.users.setOwnAvailability(requireAccess(request.actor, 'account.own'), request.body.availability),
  );

  app.get(
    '/api/v1/teams',
    { schema: { tags: ['teams'], summary: 'Teams and their members, by name', querystring: ZPageQuery, response: { 200: z.object({ data: z.array(ZTeam), nextCursor: z.string().nullable() }) } }, config: { permission: 'users.read' } },
    async (request) => services.users.listTeams(requireAccess(request.actor, 'users.read'), request.query),
  );

  app.post(
    '/api/v1/teams',
    { schema: { tags: ['teams'], summary: 'Create a team', body: ZCreateTeamRequest, response: { 201: ZTeam } }, config: { permission: 'teams.manage' } },
    async (request, reply) =>
      reply.status(201).send(await services.users.createTeamForActor(requireAccess(request.actor, 'teams.manage'), request.body.name, request.body.memberIds)),
  );

  app.patch(
    '/api/v1/teams/:teamId',
    { schema: { tags: ['teams'], summary: 'Rename a team or set its members', params: ZTeamParams, body: ZUpdateTeamRequest, response: { 200: ZTeam } }, config: { permission: 'teams.manage' } },
    async (request) => services.users.updateTeam(requireAccess(request.actor, 'teams.manage'), request.params.teamId, request.body),
  );

  app.delete(
    '/api/v1/teams/:teamId',
    { schema: { tags: ['teams'], summary: 'Delete a team (its tickets keep no team)', params: ZTeamParams, response: { 204: z.null() } }, config: { permission: 'teams.manage' } },
    async (request, reply) => {
      await services.users.deleteTeam(requireAccess(request.actor, 'teams.manage'), request.params.teamId);
      return reply.status(204).send(null);
    },
  );
}
