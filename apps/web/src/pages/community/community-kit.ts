import type { paths } from '@switchboard/sdk';

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type Answer<Path extends keyof paths, Method extends keyof paths[Path], Status extends number> = paths[Path][Method] extends { responses: infer R }
  ? JsonOf<R[Status & keyof R]>
  : never;

export type CommunityCategory = Answer<'/api/v1/community/categories', 'get', 200>['data'][number];
export type CommunityTopicSummary = Answer<'/api/v1/community/topics', 'get', 200>['data'][number];
export type CommunityTopic = Answer<'/api/v1/community/topics/{topicId}', 'get', 200>;
export type CommunityReply = CommunityTopic['replies'][number];
export type CommunityConversion = Answer<'/api/v1/community/topics/{topicId}/convert-to-ticket', 'post', 201>;
export type CommunityLanguage = CommunityTopicSummary['language'];
export type CommunityTopicStatus = CommunityTopicSummary['status'];

export const COMMUNITY_LANGUAGES = ['en', 'fr'] as const satisfies readonly CommunityLanguage[];
export const COMMUNITY_STATUSES = ['open', 'locked'] as const satisfies readonly CommunityTopicStatus[];

/** Mirrors the server's community permissions, to show or hide controls (the server decides). */
export const canReadCommunity = (role: string) => role === 'admin' || role === 'manager' || role === 'agent';
export const canModerateCommunity = canReadCommunity;
export const canManageCommunity = (role: string) => role === 'admin' || role === 'manager';

/** A category's name in the interface language, the other language's when that one is empty. */
export function categoryNameOf(category: Pick<CommunityCategory, 'nameEn' | 'nameFr'>, uiLanguage: string): string {
  return uiLanguage.startsWith('fr') ? category.nameFr || category.nameEn : category.nameEn || category.nameFr;
}

/** Who wrote a topic or reply, for staff: their full name, or "former member" once they are gone. */
export function authorNameOf(author: CommunityTopicSummary['author'], formerLabel: string): string {
  return author.kind === 'former' ? formerLabel : author.name;
}
