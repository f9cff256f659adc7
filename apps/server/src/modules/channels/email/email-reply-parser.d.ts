/** Types for email-reply-parser 2.1 (it ships none): only what the email channel uses. */
declare module 'email-reply-parser' {
  export interface EmailFragment {
    getContent(): string;
    isHidden(): boolean;
    isSignature(): boolean;
    isQuoted(): boolean;
    isEmpty(): boolean;
  }

  export interface ParsedReply {
    getFragments(): EmailFragment[];
    getVisibleText(): string;
    getQuotedText(): string;
  }

  export default class EmailReplyParser {
    read(text: string): ParsedReply;
    parseReply(text: string): string;
  }
}
