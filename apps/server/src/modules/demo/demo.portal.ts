import type { Executor } from '../../db/database.js';
import type { Services } from '../../services.js';

/** The demo customer's portal sign-in, printed at start and in the README. */
export const DEMO_PORTAL_LOGIN = { email: 'customer@demo.switchboard.test', password: 'switchboard-customer' } as const;

/**
 * The customer portal's demo account: the first English-speaking demo customer with two to four tickets (one of them
 * not closed yet) signs in with a known address, added to the customer's, and a known password.
 */
export async function writeDemoPortalAccount(
  services: Services,
  tx: Executor,
  workspaceId: string,
  customers: Array<{ id: string; language: 'en' | 'fr' }>,
  tickets: Array<{ customerIndex: number; status: string }>,
): Promise<void> {
  const ticketsOf = (index: number) => tickets.filter((ticket) => ticket.customerIndex === index);
  const index = customers.findIndex((customer, position) => {
    const own = ticketsOf(position);
    return customer.language === 'en' && own.length >= 2 && own.length <= 4 && own.some((ticket) => ticket.status !== 'closed');
  });
  const customer = customers[index === -1 ? 0 : index]!;
  await services.portal.createAccountInTransaction(tx, workspaceId, { customerId: customer.id, ...DEMO_PORTAL_LOGIN, language: 'en' });
}
