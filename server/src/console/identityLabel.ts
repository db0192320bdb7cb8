// Who the agent's page says the customer is. Only a verified identity (its app's backend signed
// it) names the customer, from its verified events alone, so a claim on a linked visitor never
// renames a verified customer; a page with claims but nothing verified says so plainly.
import { text, type ConsoleEvent } from './renderEvent';

/** An event of the page's JSON: `verified` says whether the server verified its `customer`. */
export type IdentifiedEvent = ConsoleEvent & { verified?: boolean };

export interface IdentityLabel {
  state: 'verified' | 'unverified' | 'anonymous';
  /** For the header, before the counts; empty when anonymous. */
  text: string;
}

function nickOf(event: IdentifiedEvent): string {
  const customer = event.event.customer as Record<string, unknown> | undefined;
  return customer && typeof customer.nick_name === 'string' && customer.nick_name !== '' ? text(customer.nick_name) : '';
}

/** The latest nick_name among `events` (in page order), or ''. */
function latestNick(events: IdentifiedEvent[]): string {
  for (let index = events.length - 1; index >= 0; index -= 1) {
    const nick = nickOf(events[index]);
    if (nick !== '') return nick;
  }
  return '';
}

export function identityLabel(events: IdentifiedEvent[]): IdentityLabel {
  const verified = events.filter((event) => event.verified === true);
  if (verified.length > 0) return { state: 'verified', text: `${latestNick(verified) || '客户 customer'} · 已验证 verified` };
  const claimed = events.some((event) => event.customer !== null || nickOf(event) !== '');
  if (!claimed) return { state: 'anonymous', text: '' };
  const nick = latestNick(events);
  return { state: 'unverified', text: `未验证身份 unverified${nick ? `：${nick}` : ''}` };
}
