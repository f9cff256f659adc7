import { SatisfactionTokens } from '../satisfaction.tokens.js';

export interface NpsLink {
  workspaceId: string;
  surveyId: string;
  expiresAt: Date;
  language: 'en' | 'fr';
}

export type NpsTokenReading = { isValid: true; link: NpsLink } | { isValid: false };

/**
 * The token of an NPS survey link: workspace, survey, expiry and language, signed like a satisfaction link but under
 * a key of its own, so a satisfaction token never opens an NPS survey (nor the reverse).
 */
export class NpsTokens {
  private readonly tokens: SatisfactionTokens;

  constructor(masterKey: Buffer) {
    this.tokens = new SatisfactionTokens(masterKey, 'switchboard nps link');
  }

  issue(link: NpsLink): string {
    return this.tokens.issue({ workspaceId: link.workspaceId, ticketId: link.surveyId, expiresAt: link.expiresAt, language: link.language });
  }

  /** The link a token stands for, when its signature holds; expiry is the caller's to check. */
  read(token: string): NpsTokenReading {
    const reading = this.tokens.read(token);
    if (!reading.isValid) return { isValid: false };
    const { workspaceId, ticketId, expiresAt, language } = reading.link;
    return { isValid: true, link: { workspaceId, surveyId: ticketId, expiresAt, language } };
  }
}
