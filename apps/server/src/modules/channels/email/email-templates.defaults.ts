/** The emails a workspace sends on its own, each with a template per language. */
export const EMAIL_TEMPLATE_KINDS = ['reply', 'auto_acknowledgement', 'auto_acknowledgement_outside_hours', 'resolved', 'chat_transcript', 'nps_survey'] as const;
export type EmailTemplateKind = (typeof EMAIL_TEMPLATE_KINDS)[number];

export const EMAIL_LANGUAGES = ['en', 'fr'] as const;
export type EmailLanguage = (typeof EMAIL_LANGUAGES)[number];

export const TEMPLATE_VARIABLES = ['ticket.number', 'ticket.subject', 'customer.name', 'agent.name', 'workspace.name', 'satisfaction.url', 'nps.url', 'reply.body', 'transcript.body'] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** The variables each kind can fill; a template using another one is refused when saved. */
export const VARIABLES_OF_KIND: Record<EmailTemplateKind, readonly TemplateVariable[]> = {
  reply: ['ticket.number', 'ticket.subject', 'customer.name', 'agent.name', 'workspace.name', 'reply.body'],
  auto_acknowledgement: ['ticket.number', 'ticket.subject', 'customer.name', 'workspace.name'],
  auto_acknowledgement_outside_hours: ['ticket.number', 'ticket.subject', 'customer.name', 'workspace.name'],
  resolved: ['ticket.number', 'ticket.subject', 'customer.name', 'agent.name', 'workspace.name', 'satisfaction.url'],
  chat_transcript: ['ticket.number', 'ticket.subject', 'customer.name', 'workspace.name', 'transcript.body'],
  nps_survey: ['customer.name', 'workspace.name', 'nps.url'],
};

/** Variables a template of that kind must keep: a reply without the agent's words would say nothing. */
export const REQUIRED_VARIABLES_OF_KIND: Record<EmailTemplateKind, readonly TemplateVariable[]> = {
  reply: ['reply.body'],
  auto_acknowledgement: [],
  auto_acknowledgement_outside_hours: [],
  resolved: [],
  chat_transcript: ['transcript.body'],
  // A survey without its link asks a question nobody can answer.
  nps_survey: ['nps.url'],
};

export interface EmailTemplateText {
  subject: string;
  body: string;
}

// One subject for the whole conversation: mail programs that thread by subject (Gmail) keep every message of the
// ticket together, and the ticket number in it lets a reply find its ticket when the headers are lost.
const THREAD_SUBJECT = 'Re: {{ticket.subject}} [#{{ticket.number}}]';

/** The built-in wording, in English and in Québec French. */
export const DEFAULT_TEMPLATES: Record<EmailTemplateKind, Record<EmailLanguage, EmailTemplateText>> = {
  reply: {
    en: { subject: THREAD_SUBJECT, body: '{{reply.body}}\n\n{{agent.name}}\n{{workspace.name}}' },
    fr: { subject: THREAD_SUBJECT, body: '{{reply.body}}\n\n{{agent.name}}\n{{workspace.name}}' },
  },
  auto_acknowledgement: {
    en: {
      subject: THREAD_SUBJECT,
      body:
        'Hello {{customer.name}},\n\nThank you for contacting {{workspace.name}}. We have received your request and opened ticket #{{ticket.number}}. ' +
        'A member of our team will reply soon.\n\nTo add information, simply reply to this email.',
    },
    fr: {
      subject: THREAD_SUBJECT,
      body:
        "Bonjour {{customer.name}},\n\nMerci d'avoir communiqué avec {{workspace.name}}. Nous avons bien reçu votre demande et ouvert le dossier n° {{ticket.number}}. " +
        'Un membre de notre équipe vous répondra sous peu.\n\nPour ajouter des précisions, répondez simplement à ce courriel.',
    },
  },
  auto_acknowledgement_outside_hours: {
    en: {
      subject: THREAD_SUBJECT,
      body:
        'Hello {{customer.name}},\n\nThank you for contacting {{workspace.name}}. We have received your request and opened ticket #{{ticket.number}}.\n\n' +
        'Our team is away right now, outside our business hours. We will reply as soon as we are back.\n\nTo add information, simply reply to this email.',
    },
    fr: {
      subject: THREAD_SUBJECT,
      body:
        "Bonjour {{customer.name}},\n\nMerci d'avoir communiqué avec {{workspace.name}}. Nous avons bien reçu votre demande et ouvert le dossier n° {{ticket.number}}.\n\n" +
        "Notre équipe est présentement absente, en dehors de nos heures d'ouverture. Nous vous répondrons dès notre retour.\n\n" +
        'Pour ajouter des précisions, répondez simplement à ce courriel.',
    },
  },
  resolved: {
    en: {
      subject: THREAD_SUBJECT,
      body:
        'Hello {{customer.name}},\n\nYour request #{{ticket.number}} “{{ticket.subject}}” has been marked as resolved.\n\n' +
        'How did we do? Tell us in a few seconds:\n{{satisfaction.url}}\n\n' +
        'If something is still not right, simply reply to this email and we will pick it up again.',
    },
    fr: {
      subject: THREAD_SUBJECT,
      body:
        'Bonjour {{customer.name}},\n\nVotre demande n° {{ticket.number}} « {{ticket.subject}} » a été marquée comme résolue.\n\n' +
        'Comment avons-nous fait? Dites-le-nous en quelques secondes :\n{{satisfaction.url}}\n\n' +
        'Si quelque chose ne va toujours pas, répondez simplement à ce courriel et nous reprendrons votre dossier.',
    },
  },
  chat_transcript: {
    en: {
      subject: 'Your chat with {{workspace.name}} [#{{ticket.number}}]',
      body: 'Hello {{customer.name}},\n\nHere is the transcript of your chat with {{workspace.name}}, as you asked.\n\n{{transcript.body}}\n\nTo add something, simply reply to this email.',
    },
    fr: {
      subject: 'Votre clavardage avec {{workspace.name}} [#{{ticket.number}}]',
      body: 'Bonjour {{customer.name}},\n\nVoici la transcription de votre clavardage avec {{workspace.name}}, comme demandé.\n\n{{transcript.body}}\n\nPour ajouter quelque chose, répondez simplement à ce courriel.',
    },
  },
  nps_survey: {
    en: {
      subject: 'How likely are you to recommend {{workspace.name}}?',
      body:
        'Hello {{customer.name}},\n\nYou recently contacted {{workspace.name}}. One question, one click:\n\n' +
        'How likely are you to recommend {{workspace.name}} to a friend or colleague?\n{{nps.url}}\n\n' +
        'Thank you for helping us improve.',
    },
    fr: {
      subject: 'Recommanderiez-vous {{workspace.name}}?',
      body:
        'Bonjour {{customer.name}},\n\nVous avez récemment communiqué avec {{workspace.name}}. Une question, un clic :\n\n' +
        'Quelle est la probabilité que vous recommandiez {{workspace.name}} à un ami ou à un collègue?\n{{nps.url}}\n\n' +
        'Merci de nous aider à nous améliorer.',
    },
  },
};

/** The footer under every message until an admin writes their own. */
export const DEFAULT_FOOTERS: Record<EmailLanguage, string> = {
  en: 'You are receiving this email about your request to {{workspace.name}}.',
  fr: 'Vous recevez ce courriel au sujet de votre demande à {{workspace.name}}.',
};

export const DEFAULT_ACCENT_COLOR = '#2563eb';

/** Sample values for previews, so an admin sees a template as a customer would. */
export const PREVIEW_SAMPLES: Record<EmailLanguage, { ticketSubject: string; customerName: string; replyBody: string; transcriptBody: string }> = {
  en: {
    ticketSubject: 'I cannot sign in to my account',
    customerName: 'Alex Morgan',
    replyBody: 'Thanks for your patience. I have reset your access: you can sign in again with the link we just sent you.',
    transcriptBody: '10:02 Alex Morgan: I cannot sign in to my account\n10:03 Sam Lee: I have reset your access: try the link we just sent you.',
  },
  fr: {
    ticketSubject: 'Je ne peux plus me connecter à mon compte',
    customerName: 'Camille Tremblay',
    replyBody: "Merci de votre patience. J'ai réinitialisé votre accès : vous pouvez vous connecter de nouveau avec le lien que nous venons de vous envoyer.",
    transcriptBody: "10 h 02 Camille Tremblay : Je ne peux plus me connecter à mon compte\n10 h 03 Sam Lee : J'ai réinitialisé votre accès, essayez le lien que nous venons de vous envoyer.",
  },
};
