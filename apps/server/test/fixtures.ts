import type { SwitchboardClient } from '@switchboard/sdk';

/** Shapes of API answers used across tests (the server's Zod schemas are the source of truth), and a few shared steps. */
export interface Ticket {
  id: string;
  number: number;
  subject: string;
  description: string;
  status: string;
  statusCategory: string;
  priority: string;
  type: string | null;
  category: string | null;
  tags: string[];
  assigneeId: string | null;
  teamId: string | null;
  customerId: string | null;
  channel: string;
  language: string;
  customFields: Record<string, unknown>;
  collaboratorIds: string[];
  mergedIntoId: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  createdAt: string;
}

export interface Comment {
  id: string;
  ticketId: string;
  body: string;
  isPublic: boolean;
  authorType: string;
  mentionedUserIds: string[];
  isEdited: boolean;
}

export interface ApiError {
  error: { code: string; message: string; details: Array<{ path?: string; message: string }> };
}

export interface PageOf<T> {
  data: T[];
  nextCursor: string | null;
}

/** A password-reset article, the one the bot's channel tests ask about. */
export const PASSWORD_ARTICLE = {
  language: 'en',
  title: 'Reset your password',
  body: 'Forgot your password? On the sign-in page, click **Forgot password?** and follow the link we email you.',
} as const;

/**
 * Publishes articles in a workspace's knowledge base (one category and section hold them), as its admin would;
 * answers their ids in order.
 */
export async function publishArticles(admin: SwitchboardClient, articles: ReadonlyArray<{ language: 'en' | 'fr'; title: string; body: string }>): Promise<string[]> {
  const category = await admin.post<{ id: string }>('/api/v1/kb/categories', { nameEn: 'Account', nameFr: 'Compte' });
  const section = await admin.post<{ id: string }>('/api/v1/kb/sections', { categoryId: category.body.id, nameEn: 'Sign-in', nameFr: 'Connexion' });
  const ids: string[] = [];
  for (const article of articles) ids.push((await admin.post<{ id: string }>('/api/v1/kb/articles', { sectionId: section.body.id, status: 'published', ...article })).body.id);
  return ids;
}

/** Recent tickets as customers write them, in English and French: three topics (refunds, passwords, deliveries) and a stray one. */
export const TOPIC_TICKET_TEXTS: Array<[string, string]> = [
  ['Refund for order 1234', 'I was charged twice for my order, please refund me.'],
  ['Where is my refund?', 'You promised a refund for the order last week.'],
  ['Charged twice', 'My card was charged twice for the same order. I want a refund.'],
  ['Remboursement de ma commande', 'J’ai été débité deux fois pour ma commande, je veux un remboursement.'],
  ['Mot de passe oublié', 'Je ne peux plus me connecter, mon mot de passe ne fonctionne pas.'],
  ['Password reset not working', 'The password reset link does not work, I cannot log in.'],
  ['Cannot log in', 'My password is rejected when I try to log in.'],
  ['Réinitialiser le mot de passe', 'Le lien pour réinitialiser mon mot de passe est expiré.'],
  ['Livraison en retard', 'Ma livraison devait arriver lundi, le colis n’est toujours pas arrivé.'],
  ['Colis perdu', 'Le suivi de la livraison indique que le colis est perdu.'],
  ['Suivi de livraison', 'Le numéro de suivi du colis ne donne rien, où est ma livraison?'],
  ['Hello', 'Quick question about your opening hours.'],
];
