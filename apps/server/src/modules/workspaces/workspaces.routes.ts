import { z } from 'zod';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { requireAccess } from '../auth/permissions.js';
import {
  FIELD_ENTITIES,
  ZCreateCustomFieldRequest,
  ZCreateTicketStatusRequest,
  ZCustomFieldDefinition,
  ZFieldIdParams,
  ZStatusIdParams,
  ZTicketStatus,
  ZUpdateCustomFieldRequest,
  ZUpdateTicketStatusRequest,
  ZUpdateWorkspaceRequest,
  ZWorkspace,
} from './workspaces.schema.js';
import { toFieldDefinition, toWorkspace } from './workspaces.service.js';

export function registerWorkspaceRoutes(app: AppInstance, services: Services): void {
  app.get(
    '/api/v1/workspace',
    { schema: { tags: ['settings'], summary: 'Workspace settings', response: { 200: ZWorkspace } }, config: { permission: 'settings.read' } },
    async (request) => toWorkspace(await services.workspaces.get(requireAccess(request.actor, 'settings.read').workspaceId)),
  );

  app.patch(
    '/api/v1/workspace',
    { schema: { tags: ['settings'], summary: 'Change name, plan, default language, time zone or ticket categories', body: ZUpdateWorkspaceRequest, response: { 200: ZWorkspace } }, config: { permission: 'settings.manage' } },
    async (request) => toWorkspace(await services.workspaces.update(requireAccess(request.actor, 'settings.manage'), request.body)),
  );

  app.get(
    '/api/v1/ticket-statuses',
    { schema: { tags: ['settings'], summary: 'Built-in and custom ticket statuses with their categories, archived ones included (flagged isArchived)', response: { 200: z.object({ data: z.array(ZTicketStatus) }) } }, config: { permission: 'settings.read' } },
    async (request) => ({ data: await services.workspaces.listStatuses(requireAccess(request.actor, 'settings.read').workspaceId) }),
  );

  app.post(
    '/api/v1/ticket-statuses',
    { schema: { tags: ['settings'], summary: 'Add a custom status mapped to a category', body: ZCreateTicketStatusRequest, response: { 201: ZTicketStatus } }, config: { permission: 'settings.manage' } },
    async (request, reply) => reply.status(201).send(await services.workspaces.createStatus(requireAccess(request.actor, 'settings.manage'), request.body)),
  );

  app.patch(
    '/api/v1/ticket-statuses/:statusId',
    { schema: { tags: ['settings'], summary: 'Rename a custom status, move it to another category (its tickets follow), or archive / unarchive it; built-in statuses cannot change', params: ZStatusIdParams, body: ZUpdateTicketStatusRequest, response: { 200: ZTicketStatus } }, config: { permission: 'settings.manage' } },
    async (request) => services.workspaces.updateStatus(requireAccess(request.actor, 'settings.manage'), request.params.statusId, request.body),
  );

  app.get(
    '/api/v1/custom-fields',
    { schema: { tags: ['settings'], summary: 'Custom field definitions, archived ones included (flagged isArchived)', querystring: z.object({ entity: z.enum(FIELD_ENTITIES).optional() }), response: { 200: z.object({ data: z.array(ZCustomFieldDefinition) }) } }, config: { permission: 'settings.read' } },
    async (request) => {
      const actor = requireAccess(request.actor, 'settings.read');
      const rows = await services.workspaces.listFieldDefinitions(actor.workspaceId, request.query.entity);
      return { data: rows.map(toFieldDefinition) };
    },
  );

  app.post(
    '/api/v1/custom-fields',
    { schema: { tags: ['settings'], summary: 'Define a custom field (mark it sensitive to encrypt its values)', body: ZCreateCustomFieldRequest, response: { 201: ZCustomFieldDefinition } }, config: { permission: 'settings.manage' } },
    async (request, reply) => reply.status(201).send(await services.workspaces.createFieldDefinition(requireAccess(request.actor, 'settings.manage'), request.body)),
  );

  app.patch(
    '/api/v1/custom-fields/:fieldId',
    { schema: { tags: ['settings'], summary: 'Change a custom field\'s label, help text, required flag or choices, or archive / unarchive it (entity, key, type and sensitivity are fixed)', params: ZFieldIdParams, body: ZUpdateCustomFieldRequest, response: { 200: ZCustomFieldDefinition } }, config: { permission: 'settings.manage' } },
    async (request) => services.workspaces.updateFieldDefinition(requireAccess(request.actor, 'settings.manage'), request.params.fieldId, request.body),
  );
}
