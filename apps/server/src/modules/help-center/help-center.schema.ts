import { z } from 'zod';
import { ZKbLanguage } from '../knowledge-base/knowledge-base.schema.js';

export const MAX_CONTACT_MESSAGE = 10_000;
export const MAX_CONTACT_SUBJECT = 200;
export const MAX_CONTACT_NAME = 200;
export const MAX_SEARCH_QUERY = 200;

const ZWorkspaceSlug = z.string().trim().toLowerCase().min(1).max(60);
const ZPageSlug = z.string().trim().toLowerCase().min(1).max(120);

export const ZHelpCenterParams = z.object({ workspaceSlug: ZWorkspaceSlug });
export const ZHelpCenterArticleParams = ZHelpCenterParams.extend({ articleSlug: ZPageSlug });
export const ZHelpCenterSectionParams = ZHelpCenterParams.extend({ sectionSlug: ZPageSlug });

/** Longer queries are cut to MAX_SEARCH_QUERY characters rather than refused. */
export const ZHelpCenterSearchQuery = z.object({ q: z.string().max(2000).optional() });

export const ZHelpCenterArticleQuery = z.object({ voted: z.literal('1').optional() });

export const ZHelpCenterSuggestQuery = z.object({
  q: z.string().trim().max(MAX_SEARCH_QUERY).default('').describe('What the visitor has typed so far'),
  lang: ZKbLanguage.default('en').describe('The help center’s language: only articles in it'),
});

export const ZHelpCenterSuggestion = z.object({
  title: z.string(),
  url: z.string().describe('The article’s page in the help center (a path on this server)'),
});
export const ZHelpCenterSuggestions = z.object({ data: z.array(ZHelpCenterSuggestion).describe('The best five matches at most') });
export type THelpCenterSuggestion = z.infer<typeof ZHelpCenterSuggestion>;

/** The "was this helpful?" form: its buttons send `helpful=yes` or `helpful=no`. */
export const ZHelpCenterFeedbackForm = z.object({
  helpful: z.enum(['yes', 'no']),
  workspace: ZWorkspaceSlug,
});
export type THelpCenterFeedbackForm = z.infer<typeof ZHelpCenterFeedbackForm>;

/** The contact form. `website` is the field people do not see: only a robot fills it in. */
export const ZHelpCenterContactForm = z.object({
  name: z.string().trim().min(1).max(MAX_CONTACT_NAME),
  email: z.string().trim().toLowerCase().min(1).pipe(z.email()).pipe(z.string().max(254)),
  subject: z.string().trim().min(1).max(MAX_CONTACT_SUBJECT),
  message: z.string().trim().min(1).max(MAX_CONTACT_MESSAGE),
  website: z.string().max(2000).optional().default(''),
  workspace: ZWorkspaceSlug,
});
export type THelpCenterContactForm = z.infer<typeof ZHelpCenterContactForm>;
export type ContactField = 'name' | 'email' | 'subject' | 'message';
export type ContactProblem = 'required' | 'invalid_email' | 'too_long';
