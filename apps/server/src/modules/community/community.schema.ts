import { z } from 'zod';
import { ZPageQuery } from '../../shared/pagination.js';
import { LANGUAGES } from '../workspaces/workspaces.schema.js';

export const COMMUNITY_TOPIC_STATUSES = ['open', 'locked'] as const;
export type CommunityTopicStatus = (typeof COMMUNITY_TOPIC_STATUSES)[number];

export const MIN_TOPIC_TITLE = 5;
export const MAX_TOPIC_TITLE = 150;
export const MAX_POST_BODY = 10_000;
export const MAX_MODERATION_REASON = 500;
export const MAX_COMMUNITY_SEARCH_QUERY = 200;

export const ZCommunityLanguage = z.enum(LANGUAGES);
export type CommunityLanguage = z.infer<typeof ZCommunityLanguage>;

const ZCommunitySlug = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens, e.g. card-readers')
  .describe('The address part in the help center; made from the name when not given');

// ── Categories ──────────────────────────────────────────────────────────────────────────────────────────

export const ZCommunityCategory = z.object({
  id: z.uuid(),
  nameEn: z.string().describe('English name; may be empty when the French one is not'),
  nameFr: z.string().describe('French name; may be empty when the English one is not'),
  descriptionEn: z.string(),
  descriptionFr: z.string(),
  slug: z.string(),
  position: z.number().int().describe('Order among the categories, smallest first'),
  topicCount: z.number().int().describe('Topics in the category, hidden ones included'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TCommunityCategory = z.infer<typeof ZCommunityCategory>;

const categoryFields = {
  nameEn: z.string().trim().max(120),
  nameFr: z.string().trim().max(120),
  descriptionEn: z.string().trim().max(500),
  descriptionFr: z.string().trim().max(500),
  slug: ZCommunitySlug,
  position: z.number().int().min(0).max(100_000),
};

const hasText = (value: string | undefined) => (value ?? '').trim().length > 0;

export const ZCreateCommunityCategoryRequest = z
  .strictObject({
    ...categoryFields,
    nameEn: categoryFields.nameEn.default(''),
    nameFr: categoryFields.nameFr.default(''),
    descriptionEn: categoryFields.descriptionEn.default(''),
    descriptionFr: categoryFields.descriptionFr.default(''),
    slug: categoryFields.slug.optional(),
    position: categoryFields.position.optional().describe('Defaults to after the last one'),
  })
  .superRefine((value, context) => {
    if (!hasText(value.nameEn) && !hasText(value.nameFr)) context.addIssue({ code: 'custom', path: ['nameEn'], message: 'write the English or the French name (or both)' });
  });
export type TCreateCommunityCategoryRequest = z.infer<typeof ZCreateCommunityCategoryRequest>;

export const ZUpdateCommunityCategoryRequest = z.strictObject(categoryFields).partial();
export type TUpdateCommunityCategoryRequest = z.infer<typeof ZUpdateCommunityCategoryRequest>;

export const ZCommunityCategoryParams = z.object({ categoryId: z.uuid() });

// ── Topics and replies ──────────────────────────────────────────────────────────────────────────────────

export const ZCommunityAuthor = z.object({
  kind: z.enum(['customer', 'staff', 'former']).describe('former: the customer or staff member has since been deleted'),
  customerId: z.uuid().nullable(),
  userId: z.uuid().nullable(),
  name: z.string().describe('The full name, for staff; the help center shows customers by first name and initial'),
});
export type TCommunityAuthor = z.infer<typeof ZCommunityAuthor>;

const ZModeration = {
  isHidden: z.boolean(),
  hiddenReason: z.string().nullable(),
  hiddenAt: z.string().nullable(),
  hiddenByUserId: z.uuid().nullable(),
};

export const ZCommunityTopicSummary = z.object({
  id: z.uuid(),
  number: z.number().int().describe('Per workspace; the topic’s address in the help center'),
  categoryId: z.uuid(),
  title: z.string(),
  slug: z.string(),
  language: ZCommunityLanguage,
  status: z.enum(COMMUNITY_TOPIC_STATUSES).describe('locked: nobody can reply any more'),
  ...ZModeration,
  author: ZCommunityAuthor,
  voteScore: z.number().int(),
  replyCount: z.number().int().describe('Replies the public sees (hidden ones are not counted)'),
  acceptedReplyId: z.uuid().nullable(),
  lastActivityAt: z.string(),
  convertedTicket: z.object({ id: z.uuid(), number: z.number().int() }).nullable().describe('The private ticket the topic was converted to'),
  publicUrl: z.string().describe('The topic’s page in the help center'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TCommunityTopicSummary = z.infer<typeof ZCommunityTopicSummary>;

export const ZCommunityReply = z.object({
  id: z.uuid(),
  topicId: z.uuid(),
  author: ZCommunityAuthor,
  body: z.string().describe('Markdown'),
  ...ZModeration,
  isAccepted: z.boolean(),
  voteScore: z.number().int(),
  createdAt: z.string(),
});
export type TCommunityReply = z.infer<typeof ZCommunityReply>;

export const ZCommunityTopic = ZCommunityTopicSummary.extend({
  body: z.string().describe('Markdown'),
  replies: z.array(ZCommunityReply).describe('Every reply, hidden ones included, oldest first'),
});
export type TCommunityTopic = z.infer<typeof ZCommunityTopic>;

const booleanFlag = z.enum(['true', 'false']);

export const ZListCommunityTopicsQuery = ZPageQuery.extend({
  categoryId: z.uuid().optional(),
  hidden: booleanFlag.optional().describe('true: only hidden topics; false: only visible ones'),
  status: z.enum(COMMUNITY_TOPIC_STATUSES).optional(),
  unanswered: booleanFlag.optional().describe('true: topics without an accepted answer nor a staff reply'),
  language: ZCommunityLanguage.optional(),
  q: z.string().trim().min(1).max(MAX_COMMUNITY_SEARCH_QUERY).optional().describe('Words in the title or body (English and French stemming, accents ignored)'),
});
export type TListCommunityTopicsQuery = z.infer<typeof ZListCommunityTopicsQuery>;

export const ZCommunityTopicParams = z.object({ topicId: z.uuid() });
export const ZCommunityReplyParams = z.object({ replyId: z.uuid() });

export const ZHideCommunityPostRequest = z.strictObject({
  reason: z.string().trim().min(1).max(MAX_MODERATION_REASON).describe('Why it is hidden: kept with it and in the audit log, never shown publicly'),
});
export type THideCommunityPostRequest = z.infer<typeof ZHideCommunityPostRequest>;

export const ZMoveCommunityTopicRequest = z.strictObject({ categoryId: z.uuid() });
export type TMoveCommunityTopicRequest = z.infer<typeof ZMoveCommunityTopicRequest>;

export const ZAcceptCommunityReplyRequest = z.strictObject({ replyId: z.uuid().nullable().describe('null: no accepted answer any more') });
export type TAcceptCommunityReplyRequest = z.infer<typeof ZAcceptCommunityReplyRequest>;

export const ZCommunityStaffReplyRequest = z.strictObject({ body: z.string().trim().min(1).max(MAX_POST_BODY).describe('Markdown') });
export type TCommunityStaffReplyRequest = z.infer<typeof ZCommunityStaffReplyRequest>;

export const ZCommunityConversion = z.object({
  ticket: z.object({ id: z.uuid(), number: z.number().int() }),
  isNew: z.boolean().describe('false: the topic had already been converted, and this is its ticket'),
  topic: ZCommunityTopic,
});
export type TCommunityConversion = z.infer<typeof ZCommunityConversion>;

// ── Public forms (help center pages) ────────────────────────────────────────────────────────────────────

const ZWorkspaceSlug = z.string().trim().toLowerCase().min(1).max(60);
/** The field people do not see: only a robot fills it in. */
const ZHoneypot = z.string().max(2000).optional().default('');

export const ZCommunityPageParams = z.object({ workspaceSlug: ZWorkspaceSlug });
export const ZCommunityCategoryPageParams = ZCommunityPageParams.extend({ categorySlug: z.string().trim().toLowerCase().min(1).max(80) });
/** `42` or `42-printer-will-not-print`: the number decides, the words are for people and search engines. */
export const ZCommunityTopicPageParams = ZCommunityPageParams.extend({
  topicRef: z
    .string()
    .max(200)
    .regex(/^\d{1,9}(?:-[^/]*)?$/)
    .transform((ref) => Number.parseInt(ref, 10)),
});

export const COMMUNITY_SORTS = ['latest', 'votes'] as const;
export type CommunitySort = (typeof COMMUNITY_SORTS)[number];
export const ZCommunityCategoryPageQuery = z.object({
  sort: z.enum(COMMUNITY_SORTS).catch('latest').default('latest'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export const ZCommunitySearchPageQuery = z.object({ q: z.string().max(2000).optional() });
export const ZCommunityNewTopicPageQuery = z.object({ category: z.string().trim().toLowerCase().max(80).optional() });

export const ZCommunityTopicForm = z.object({
  workspace: ZWorkspaceSlug,
  category: z.string().trim().toLowerCase().min(1).max(80),
  title: z.string().trim().min(MIN_TOPIC_TITLE).max(MAX_TOPIC_TITLE),
  body: z.string().trim().min(1).max(MAX_POST_BODY),
  website: ZHoneypot,
});
export type TCommunityTopicForm = z.infer<typeof ZCommunityTopicForm>;
export type TopicFormField = 'category' | 'title' | 'body';

export const ZCommunityReplyForm = z.object({
  workspace: ZWorkspaceSlug,
  body: z.string().trim().min(1).max(MAX_POST_BODY),
  website: ZHoneypot,
});
export type TCommunityReplyForm = z.infer<typeof ZCommunityReplyForm>;

export const ZCommunityVoteForm = z.object({
  workspace: ZWorkspaceSlug,
  /** Empty: the topic itself. */
  reply: z.union([z.uuid(), z.literal('')]).optional().default(''),
  vote: z.enum(['up', 'none']),
});
export type TCommunityVoteForm = z.infer<typeof ZCommunityVoteForm>;

export const ZCommunityAcceptForm = z.object({
  workspace: ZWorkspaceSlug,
  /** Empty: no accepted answer any more. */
  reply: z.union([z.uuid(), z.literal('')]),
});
export type TCommunityAcceptForm = z.infer<typeof ZCommunityAcceptForm>;
