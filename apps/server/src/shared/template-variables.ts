/**
 * `{{name}}` variables in texts people write (email templates, automation actions, canned responses), filled in
 * one way everywhere. Values are plain text; whoever shows the result escapes it for its medium.
 */
const VARIABLE_PATTERN = /\{\{\s*([A-Za-z_.]+)\s*\}\}/g;
/** A variable with the horizontal space just before it, so an empty one can take its space along. */
const SPACED_VARIABLE_PATTERN = /([ \t]?)\{\{\s*([A-Za-z_.]+)\s*\}\}/g;

export type VariableValues = Readonly<Partial<Record<string, string | undefined>>>;

/** The `{{name}}` variables a text uses, in order of appearance. */
export function findVariables(text: string): string[] {
  return [...text.matchAll(VARIABLE_PATTERN)].map((match) => match[1]!);
}

export interface FillOptions {
  /**
   * A variable without a value also drops the space before it, so "Hello {{customer.first_name}}," reads
   * "Hello," rather than "Hello ,". Templates checked for their variables do not need it.
   */
  isTidy?: boolean;
}

/** Replaces each variable by its value; an unknown variable, or one without a value, becomes empty. */
export function fillVariables(text: string, values: VariableValues, options: FillOptions = {}): string {
  if (!options.isTidy) return text.replace(VARIABLE_PATTERN, (_match, name: string) => valueOf(values, name) ?? '');
  return text.replace(SPACED_VARIABLE_PATTERN, (_match, space: string, name: string) => {
    const value = valueOf(values, name);
    return value ? `${space}${value}` : '';
  });
}

function valueOf(values: VariableValues, name: string): string | undefined {
  return Object.hasOwn(values, name) ? values[name] : undefined;
}

/** The first word of a person's name ("Marie-Ève Tremblay" → "Marie-Ève"). */
export function firstNameOf(name: string | null | undefined): string {
  return name?.trim().split(/\s+/)[0] ?? '';
}

export interface TicketVariableSources {
  ticket: { number: number; subject: string; priority?: string; status?: string };
  customer?: { name: string; email: string | null } | null | undefined;
  agent?: { name: string } | null | undefined;
  workspace?: { name: string } | null | undefined;
}

/** The ticket, customer, agent and workspace variables, as every kind of text fills them. */
export function ticketVariables({ ticket, customer, agent, workspace }: TicketVariableSources): Record<string, string> {
  const values: Record<string, string> = {
    'ticket.number': String(ticket.number),
    'ticket.subject': ticket.subject,
    'customer.name': customer?.name ?? '',
    'customer.first_name': firstNameOf(customer?.name),
    'customer.email': customer?.email ?? '',
    'agent.name': agent?.name ?? '',
    'agent.first_name': firstNameOf(agent?.name),
    'workspace.name': workspace?.name ?? '',
  };
  if (ticket.priority !== undefined) values['ticket.priority'] = ticket.priority;
  if (ticket.status !== undefined) values['ticket.status'] = ticket.status;
  return values;
}
