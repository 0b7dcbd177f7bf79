/**
 * What the shopper is told when moved to another method (before trying anything: start-notice.ts).
 * Method names always in their in-sentence form.
 */
import type { ProviderId } from '../config.js';
import { FailureKind } from '../errors.js';
import type { RelaisEventMap } from '../events.js';
import type { Messages } from '../i18n/index.js';
import { cardToCard, methodInSentence } from '../providers/registry.js';

/**
 * What the live region says when the shopper is moved (undefined: it keeps what it said). The shop
 * not answering is said as such, never as a provider that does not respond. With nothing left, the
 * alert in place of the methods says it and the live region stays quiet.
 */
export function changeNotice(detail: RelaisEventMap['relais-provider-change'], t: Messages): string | undefined {
  const say = (id: ProviderId) => methodInSentence(id, t);
  const { from, to, reason } = detail;
  if (reason === 'shopper-choice') return undefined;
  if (reason === 'recovered') return to ? t.recovered(say(to)) : undefined;
  if (!to) return '';
  if (reason === FailureKind.MerchantUnavailable) return t.shopUnavailable(say(to));
  if (cardToCard(from, to)) return t.cardSwitched;
  return from ? t.switched(say(from), say(to)) : '';
}
