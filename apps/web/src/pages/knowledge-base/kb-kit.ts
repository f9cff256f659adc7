import type { paths } from '@switchboard/sdk';
import type { Session } from '../../api/client';

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type Answer<Path extends keyof paths, Method extends keyof paths[Path], Status extends number> = paths[Path][Method] extends { responses: infer R }
  ? JsonOf<R[Status & keyof R]>
  : never;

export type KbCategory = Answer<'/api/v1/kb/categories', 'get', 200>['data'][number];
export type KbSection = Answer<'/api/v1/kb/sections', 'get', 200>['data'][number];
export type KbArticleSummary = Answer<'/api/v1/kb/articles', 'get', 200>['data'][number];
export type KbArticle = Answer<'/api/v1/kb/articles/{articleId}', 'get', 200>;
export type KbVersionSummary = Answer<'/api/v1/kb/articles/{articleId}/versions', 'get', 200>['data'][number];
export type KbVersion = Answer<'/api/v1/kb/articles/{articleId}/versions/{number}', 'get', 200>;
export type KbSearchResult = Answer<'/api/v1/kb/search', 'get', 200>['data'][number];
export type KbLanguage = KbArticleSummary['language'];
export type KbStatus = KbArticleSummary['status'];
export type KbVisibility = KbArticleSummary['visibility'];

export const KB_LANGUAGES = ['en', 'fr'] as const satisfies readonly KbLanguage[];
export const KB_STATUSES = ['draft', 'published'] as const satisfies readonly KbStatus[];
export const KB_VISIBILITIES = ['public', 'internal'] as const satisfies readonly KbVisibility[];

/** Mirrors the server's kb.read and kb.manage permissions, to show or hide controls (the server decides). */
export const canReadKb = (role: string) => role === 'admin' || role === 'manager' || role === 'agent';
export const canManageKb = (role: string) => role === 'admin' || role === 'manager';

/** A category's or section's name in the interface language, the other language's when that one is empty. */
export function groupNameOf(group: Pick<KbCategory, 'nameEn' | 'nameFr'>, uiLanguage: string): string {
  return uiLanguage.startsWith('fr') ? group.nameFr || group.nameEn : group.nameEn || group.nameFr;
}

export const otherLanguageOf = (language: KbLanguage): KbLanguage => (language === 'en' ? 'fr' : 'en');

/** The article's public address: `/help/<workspace>[/fr]/articles/<slug>` on this server. */
export function helpCenterUrlOf(workspace: Session['workspace'], article: Pick<KbArticleSummary, 'language' | 'slug'>, origin = window.location.origin): string {
  return `${origin}/help/${workspace.slug}${article.language === 'fr' ? '/fr' : ''}/articles/${article.slug}`;
}

export const isInHelpCenter = (article: Pick<KbArticleSummary, 'status' | 'visibility'>) => article.status === 'published' && article.visibility === 'public';

/** A search snippet (HTML-escaped text with `<mark>` around the words found) as pieces of plain text, marked or not. */
export function snippetParts(snippet: string): Array<{ text: string; isMarked: boolean }> {
  const unescape = (text: string) =>
    text.replace(/&(lt|gt|quot|#39|#x27|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", amp: '&' })[name] ?? '');
  return snippet
    .split(/(<mark>[\s\S]*?<\/mark>)/)
    .filter(Boolean)
    .map((part) => (part.startsWith('<mark>') ? { text: unescape(part.slice(6, -7)), isMarked: true } : { text: unescape(part), isMarked: false }));
}

export const tagsOf = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((tag) => tag.trim().toLowerCase())
    .filter(Boolean);
