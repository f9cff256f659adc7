import { z } from 'zod';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { requireAccess } from '../auth/permissions.js';
import { registerCommunityPages } from './community-pages.routes.js';
import {
  ZAcceptCommunityReplyRequest,
  ZCommunityCategory,
  ZCommunityCategoryParams,
  ZCommunityConversion,
  ZCommunityReplyParams,
  ZCommunityStaffReplyRequest,
  ZCommunityTopic,
  ZCommunityTopicParams,
  ZCommunityTopicSummary,
  ZCreateCommunityCategoryRequest,
  ZHideCommunityPostRequest,
  ZListCommunityTopicsQuery,
  ZMoveCommunityTopicRequest,
  ZUpdateCommunityCategoryRequest,
} from './community.schema.js';

const tags = ['community'];
const read = { permission: 'community.read' } as const;
const moderate = { permission: 'community.moderate' } as const;
const manage = { permission: 'community.manage' } as const;

export function registerCommunityRoutes(app: AppInstance, services: Services): void {
  const { community } = services;

  // ── Categories ────────────────────────────────────────────────────────────────────────────────────────

  app.get(
    '/api/v1/community/categories',
    { schema: { tags, summary: 'Community categories, by position, with their topic counts', response: { 200: z.object({ data: z.array(ZCommunityCategory) }) } }, config: read },
    async (request) => ({ data: await community.listCategories(requireAccess(request.actor, 'community.read')) }),
  );

  app.post(
    '/api/v1/community/categories',
    {
      schema: { tags, summary: 'Create a category (English and/or French name and description; the slug is made from the name when not given)', body: ZCreateCommunityCategoryRequest, response: { 201: ZCommunityCategory } },
      config: manage,
    },
    async (request, reply) => reply.status(201).send(await community.createCategory(requireAccess(request.actor, 'community.manage'), request.body)),
  );

  app.patch(
    '/api/v1/community/categories/:categoryId',
    { schema: { tags, summary: 'Change a category', params: ZCommunityCategoryParams, body: ZUpdateCommunityCategoryRequest, response: { 200: ZCommunityCategory } }, config: manage },
    async (request) => community.updateCategory(requireAccess(request.actor, 'community.manage'), request.params.categoryId, request.body),
  );

  app.delete(
    '/api/v1/community/categories/:categoryId',
    { schema: { tags, summary: 'Delete an empty category (409 community_category_not_empty while it has topics)', params: ZCommunityCategoryParams, response: { 204: z.null() } }, config: manage },
    async (request, reply) => {
      await community.deleteCategory(requireAccess(request.actor, 'community.manage'), request.params.categoryId);
      return reply.status(204).send(null);
    },
  );

  // ── Topics ────────────────────────────────────────────────────────────────────────────────────────────

  app.get(
    '/api/v1/community/topics',
    {
      schema: {
        tags,
        summary: 'Topics, hidden ones included, the latest activity first; filter by category, hidden, status (open, locked), unanswered (no accepted answer and no staff reply), language and words',
        querystring: ZListCommunityTopicsQuery,
        response: { 200: z.object({ data: z.array(ZCommunityTopicSummary), nextCursor: z.string().nullable() }) },
      },
      config: read,
    },
    async (request) => community.listTopics(requireAccess(request.actor, 'community.read'), request.query),
  );

  app.get(
    '/api/v1/community/topics/:topicId',
    { schema: { tags, summary: 'One topic with its body and every reply (hidden ones included)', params: ZCommunityTopicParams, response: { 200: ZCommunityTopic } }, config: read },
    async (request) => community.getTopic(requireAccess(request.actor, 'community.read'), request.params.topicId),
  );

  app.post(
    '/api/v1/community/topics/:topicId/replies',
    {
      schema: { tags, summary: 'Reply as staff (shown with the staff badge; possible in a locked topic)', params: ZCommunityTopicParams, body: ZCommunityStaffReplyRequest, response: { 201: ZCommunityTopic } },
      config: moderate,
    },
    async (request, reply) => reply.status(201).send(await community.replyAsStaff(requireAccess(request.actor, 'community.moderate'), request.params.topicId, request.body.body)),
  );

  app.post(
    '/api/v1/community/topics/:topicId/hide',
    { schema: { tags, summary: 'Hide a topic from the public, with the reason (kept and audited, never shown)', params: ZCommunityTopicParams, body: ZHideCommunityPostRequest, response: { 200: ZCommunityTopic } }, config: moderate },
    async (request) => community.hideTopic(requireAccess(request.actor, 'community.moderate'), request.params.topicId, request.body.reason),
  );

  app.post(
    '/api/v1/community/topics/:topicId/unhide',
    { schema: { tags, summary: 'Show a hidden topic again', params: ZCommunityTopicParams, response: { 200: ZCommunityTopic } }, config: moderate },
    async (request) => community.unhideTopic(requireAccess(request.actor, 'community.moderate'), request.params.topicId),
  );

  app.post(
    '/api/v1/community/topics/:topicId/lock',
    { schema: { tags, summary: 'Lock a topic: it stays readable, customers can no longer reply', params: ZCommunityTopicParams, response: { 200: ZCommunityTopic } }, config: moderate },
    async (request) => community.lockTopic(requireAccess(request.actor, 'community.moderate'), request.params.topicId),
  );

  app.post(
    '/api/v1/community/topics/:topicId/unlock',
    { schema: { tags, summary: 'Open a locked topic to replies again', params: ZCommunityTopicParams, response: { 200: ZCommunityTopic } }, config: moderate },
    async (request) => community.unlockTopic(requireAccess(request.actor, 'community.moderate'), request.params.topicId),
  );

  app.post(
    '/api/v1/community/topics/:topicId/move',
    { schema: { tags, summary: 'Move a topic to another category', params: ZCommunityTopicParams, body: ZMoveCommunityTopicRequest, response: { 200: ZCommunityTopic } }, config: moderate },
    async (request) => community.moveTopic(requireAccess(request.actor, 'community.moderate'), request.params.topicId, request.body.categoryId),
  );

  app.put(
    '/api/v1/community/topics/:topicId/accepted-reply',
    {
      schema: { tags, summary: 'Mark the accepted answer (a visible reply of the topic), or clear it with null', params: ZCommunityTopicParams, body: ZAcceptCommunityReplyRequest, response: { 200: ZCommunityTopic } },
      config: moderate,
    },
    async (request) => community.setAcceptedReplyAsStaff(requireAccess(request.actor, 'community.moderate'), request.params.topicId, request.body),
  );

  app.post(
    '/api/v1/community/topics/:topicId/convert-to-ticket',
    {
      schema: {
        tags,
        summary:
          'Convert a topic into a private web ticket requested by its author (subject and description from the topic, with a link back). The topic page then says an agent follows it up privately. Converting again answers the same ticket.',
        params: ZCommunityTopicParams,
        response: { 200: ZCommunityConversion, 201: ZCommunityConversion },
      },
      config: moderate,
    },
    async (request, reply) => {
      const conversion = await community.convertToTicket(requireAccess(request.actor, 'community.moderate'), request.params.topicId);
      return reply.status(conversion.isNew ? 201 : 200).send(conversion);
    },
  );

  // ── Replies ───────────────────────────────────────────────────────────────────────────────────────────

  app.post(
    '/api/v1/community/replies/:replyId/hide',
    {
      schema: { tags, summary: 'Hide a reply from the public, with the reason; a hidden accepted answer is no longer accepted', params: ZCommunityReplyParams, body: ZHideCommunityPostRequest, response: { 200: ZCommunityTopic } },
      config: moderate,
    },
    async (request) => community.hideReply(requireAccess(request.actor, 'community.moderate'), request.params.replyId, request.body.reason),
  );

  app.post(
    '/api/v1/community/replies/:replyId/unhide',
    { schema: { tags, summary: 'Show a hidden reply again', params: ZCommunityReplyParams, response: { 200: ZCommunityTopic } }, config: moderate },
    async (request) => community.unhideReply(requireAccess(request.actor, 'community.moderate'), request.params.replyId),
  );

  // The public forums: server-rendered pages under the help center, /help/<workspace>[/fr]/community/….
  registerCommunityPages(app, services);
}
