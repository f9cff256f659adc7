/**
 * Error codes of every module, and the one place that maps them to HTTP statuses.
 * Services throw `AppError` with a code; only the HTTP layer knows about statuses.
 */
export const CommonErrorCode = {
  ValidationFailed: 'validation_failed',
  InvalidJson: 'invalid_json',
  PayloadTooLarge: 'payload_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
  NotFound: 'not_found',
  RateLimited: 'rate_limited',
  IdempotencyKeyReused: 'idempotency_key_reused',
  IdempotencyKeyInProgress: 'idempotency_key_in_progress',
  Conflict: 'conflict',
  Internal: 'internal_error',
} as const;

export const AuthErrorCode = {
  Unauthenticated: 'unauthenticated',
  InvalidCredentials: 'invalid_credentials',
  AccountLocked: 'account_locked',
  TotpRequired: 'totp_required',
  InvalidTotp: 'invalid_totp',
  Forbidden: 'forbidden',
  RoleNotRecognized: 'role_not_recognized',
  TokenNotFound: 'token_not_found',
  RoleAboveOwn: 'role_above_own',
  TotpAlreadyEnabled: 'totp_already_enabled',
} as const;

export const WorkspaceErrorCode = {
  WorkspaceNotFound: 'workspace_not_found',
  SlugTaken: 'workspace_slug_taken',
  StatusKeyTaken: 'status_key_taken',
  FieldKeyTaken: 'custom_field_key_taken',
  StatusNotFound: 'ticket_status_not_found',
  StatusBuiltIn: 'ticket_status_built_in',
  FieldNotFound: 'custom_field_not_found',
} as const;

export const UserErrorCode = {
  UserNotFound: 'user_not_found',
  EmailTaken: 'user_email_taken',
  TeamNotFound: 'team_not_found',
  TeamNameTaken: 'team_name_taken',
  LastAdmin: 'last_admin',
} as const;

export const CustomerErrorCode = {
  CustomerNotFound: 'customer_not_found',
  CustomerEmailTaken: 'customer_email_taken',
} as const;

export const TicketErrorCode = {
  TicketNotFound: 'ticket_not_found',
  InvalidTicketField: 'invalid_ticket_field',
  CannotMergeIntoItself: 'cannot_merge_into_itself',
  AlreadyMerged: 'ticket_already_merged',
  CommentNotFound: 'comment_not_found',
  ViewNotFound: 'view_not_found',
} as const;

export const AttachmentErrorCode = {
  AttachmentNotFound: 'attachment_not_found',
  AttachmentTooLarge: 'attachment_too_large',
  AttachmentTypeNotAllowed: 'attachment_type_not_allowed',
} as const;

export const WebhookErrorCode = {
  WebhookNotFound: 'webhook_not_found',
  DeliveryNotFound: 'webhook_delivery_not_found',
} as const;

export const AuditErrorCode = {
  AlertNotFound: 'alert_not_found',
} as const;

export const EmailErrorCode = {
  AddressTaken: 'email_address_taken',
  AddressNotFound: 'email_address_not_found',
  DefaultAddressFixed: 'email_default_address_fixed',
  MessageNotFound: 'email_message_not_found',
} as const;

export const ImapMailboxErrorCode = {
  MailboxNotFound: 'imap_mailbox_not_found',
  MailboxTaken: 'imap_mailbox_taken',
  PollInProgress: 'imap_poll_in_progress',
} as const;

export const SatisfactionErrorCode = {
  LinkInvalid: 'satisfaction_link_invalid',
  LinkExpired: 'satisfaction_link_expired',
  SurveyNotFound: 'satisfaction_survey_not_found',
} as const;

export const ChatErrorCode = {
  VisitorTokenInvalid: 'chat_visitor_token_invalid',
  IdentityInvalid: 'chat_identity_invalid',
  ConversationNotFound: 'chat_conversation_not_found',
  FileLinkInvalid: 'chat_file_link_invalid',
  ConversationOpen: 'chat_conversation_open',
  BotDisabled: 'chat_bot_disabled',
} as const;

export const MessagingErrorCode = {
  ChannelNotFound: 'messaging_channel_not_found',
  ChannelTaken: 'messaging_channel_taken',
  ProviderRefused: 'messaging_provider_refused',
  SignatureInvalid: 'messaging_signature_invalid',
  VerifyTokenMismatch: 'messaging_verify_token_mismatch',
  ConversationNotFound: 'messaging_conversation_not_found',
} as const;

export const BusinessHoursErrorCode = {
  CalendarNotFound: 'business_calendar_not_found',
  CalendarNameTaken: 'business_calendar_name_taken',
  CalendarInUse: 'business_calendar_in_use',
} as const;

export const SlaErrorCode = {
  PolicyNotFound: 'sla_policy_not_found',
  PolicyNameTaken: 'sla_policy_name_taken',
  DefaultPolicyFixed: 'sla_default_policy_fixed',
} as const;

export const AutomationErrorCode = {
  RuleNotFound: 'automation_rule_not_found',
  ActiveRuleLimit: 'automation_rule_limit_reached',
  BuiltInRule: 'automation_rule_built_in',
} as const;

export const CannedResponseErrorCode = {
  CannedResponseNotFound: 'canned_response_not_found',
} as const;

export const KnowledgeBaseErrorCode = {
  CategoryNotFound: 'kb_category_not_found',
  SectionNotFound: 'kb_section_not_found',
  ArticleNotFound: 'kb_article_not_found',
  VersionNotFound: 'kb_version_not_found',
  SlugTaken: 'kb_slug_taken',
  TranslationExists: 'kb_translation_exists',
  CategoryNotEmpty: 'kb_category_not_empty',
  SectionNotEmpty: 'kb_section_not_empty',
} as const;

export const RoutingErrorCode = {
  RuleNotFound: 'routing_rule_not_found',
  TicketAlreadyAssigned: 'ticket_already_assigned',
} as const;

export const AnalyticsErrorCode = {
  SavedReportNotFound: 'analytics_saved_report_not_found',
  ScheduleNotFound: 'analytics_schedule_not_found',
  NotReportOwner: 'analytics_not_report_owner',
} as const;

export const BotErrorCode = {
  ConversationNotFound: 'bot_conversation_not_found',
} as const;

export const CommunityErrorCode = {
  CategoryNotFound: 'community_category_not_found',
  TopicNotFound: 'community_topic_not_found',
  ReplyNotFound: 'community_reply_not_found',
  SlugTaken: 'community_slug_taken',
  CategoryNotEmpty: 'community_category_not_empty',
  TopicLocked: 'community_topic_locked',
  NotTopicAuthor: 'community_not_topic_author',
} as const;

export const PortalErrorCode = {
  SignInRequired: 'portal_sign_in_required',
  InvalidCredentials: 'portal_invalid_credentials',
  AccountLocked: 'portal_account_locked',
  LinkInvalid: 'portal_link_invalid',
  LinkExpired: 'portal_link_expired',
  CrossOriginForm: 'portal_cross_origin_form',
  DeletionRequestNotFound: 'portal_deletion_request_not_found',
  DeletionRequestDecided: 'portal_deletion_request_decided',
  DeletionRequestPending: 'portal_deletion_request_pending',
} as const;

/** The bot's learning list: a question named by its id. */
export const BotLearningErrorCode = {
  QuestionNotFound: 'bot_question_not_found',
} as const;

type ValueOf<T> = T[keyof T];
export type ErrorCode =
  | ValueOf<typeof CommonErrorCode>
  | ValueOf<typeof AuthErrorCode>
  | ValueOf<typeof WorkspaceErrorCode>
  | ValueOf<typeof UserErrorCode>
  | ValueOf<typeof CustomerErrorCode>
  | ValueOf<typeof TicketErrorCode>
  | ValueOf<typeof AttachmentErrorCode>
  | ValueOf<typeof AuditErrorCode>
  | ValueOf<typeof WebhookErrorCode>
  | ValueOf<typeof EmailErrorCode>
  | ValueOf<typeof SatisfactionErrorCode>
  | ValueOf<typeof ImapMailboxErrorCode>
  | ValueOf<typeof ChatErrorCode>
  | ValueOf<typeof MessagingErrorCode>
  | ValueOf<typeof BusinessHoursErrorCode>
  | ValueOf<typeof SlaErrorCode>
  | ValueOf<typeof AutomationErrorCode>
  | ValueOf<typeof CannedResponseErrorCode>
  | ValueOf<typeof KnowledgeBaseErrorCode>
  | ValueOf<typeof RoutingErrorCode>
  | ValueOf<typeof BotErrorCode>
  | ValueOf<typeof BotLearningErrorCode>
  | ValueOf<typeof PortalErrorCode>
  | ValueOf<typeof CommunityErrorCode>
  | ValueOf<typeof AnalyticsErrorCode>;

/** Exhaustive: adding a code without a status fails the type check. */
const httpStatusByCode: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_json: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  not_found: 404,
  rate_limited: 429,
  idempotency_key_reused: 422,
  idempotency_key_in_progress: 409,
  conflict: 409,
  internal_error: 500,
  unauthenticated: 401,
  invalid_credentials: 401,
  account_locked: 423,
  totp_required: 401,
  invalid_totp: 401,
  forbidden: 403,
  role_not_recognized: 403,
  token_not_found: 404,
  role_above_own: 403,
  totp_already_enabled: 409,
  workspace_not_found: 404,
  workspace_slug_taken: 409,
  status_key_taken: 409,
  custom_field_key_taken: 409,
  ticket_status_not_found: 404,
  ticket_status_built_in: 409,
  custom_field_not_found: 404,
  user_not_found: 404,
  user_email_taken: 409,
  team_not_found: 404,
  team_name_taken: 409,
  last_admin: 409,
  customer_not_found: 404,
  customer_email_taken: 409,
  ticket_not_found: 404,
  invalid_ticket_field: 400,
  cannot_merge_into_itself: 400,
  ticket_already_merged: 409,
  comment_not_found: 404,
  view_not_found: 404,
  attachment_not_found: 404,
  attachment_too_large: 413,
  attachment_type_not_allowed: 415,
  webhook_not_found: 404,
  webhook_delivery_not_found: 404,
  alert_not_found: 404,
  email_address_taken: 409,
  email_address_not_found: 404,
  email_default_address_fixed: 409,
  email_message_not_found: 404,
  satisfaction_link_invalid: 400,
  satisfaction_link_expired: 410,
  satisfaction_survey_not_found: 404,
  imap_mailbox_not_found: 404,
  imap_mailbox_taken: 409,
  imap_poll_in_progress: 409,
  chat_visitor_token_invalid: 401,
  chat_identity_invalid: 401,
  chat_conversation_not_found: 404,
  chat_file_link_invalid: 404,
  chat_conversation_open: 409,
  chat_bot_disabled: 409,
  messaging_channel_not_found: 404,
  messaging_channel_taken: 409,
  messaging_provider_refused: 422,
  messaging_signature_invalid: 401,
  messaging_verify_token_mismatch: 403,
  messaging_conversation_not_found: 404,
  business_calendar_not_found: 404,
  business_calendar_name_taken: 409,
  business_calendar_in_use: 409,
  sla_policy_not_found: 404,
  sla_policy_name_taken: 409,
  sla_default_policy_fixed: 409,
  automation_rule_not_found: 404,
  automation_rule_limit_reached: 409,
  automation_rule_built_in: 409,
  canned_response_not_found: 404,
  kb_category_not_found: 404,
  kb_section_not_found: 404,
  kb_article_not_found: 404,
  kb_version_not_found: 404,
  kb_slug_taken: 409,
  kb_translation_exists: 409,
  kb_category_not_empty: 409,
  kb_section_not_empty: 409,
  routing_rule_not_found: 404,
  ticket_already_assigned: 409,
  bot_conversation_not_found: 404,
  bot_question_not_found: 404,
  portal_sign_in_required: 401,
  portal_invalid_credentials: 401,
  portal_account_locked: 429,
  portal_link_invalid: 400,
  portal_link_expired: 410,
  portal_cross_origin_form: 403,
  portal_deletion_request_not_found: 404,
  portal_deletion_request_decided: 409,
  portal_deletion_request_pending: 409,
  community_category_not_found: 404,
  community_topic_not_found: 404,
  community_reply_not_found: 404,
  community_slug_taken: 409,
  community_category_not_empty: 409,
  community_topic_locked: 409,
  community_not_topic_author: 403,
  analytics_saved_report_not_found: 404,
  analytics_schedule_not_found: 404,
  analytics_not_report_owner: 403,
};

export function httpStatusFor(code: ErrorCode): number {
  return httpStatusByCode[code];
}

export interface ErrorDetail {
  path?: string;
  message: string;
  [key: string]: unknown;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Shorthand for the most common rule failure: a value that passed the schema but breaks a rule. */
export function validationError(path: string, message: string): AppError {
  return new AppError(CommonErrorCode.ValidationFailed, 'The request is not valid.', [{ path, message }]);
}
