/**
 * What the shopper is told: before trying anything, why the merchant's first method is not
 * offered (remembered failure, down, maintenance) or that maintenance is coming; then why they
 * were moved to another method. Method names always in their in-sentence form.
 */
import type { CheckoutConfig, ProviderId } from '../config.js';
import { FailureKind } from '../errors.js';
import type { RelaisEventMap } from '../events.js';
import type { Messages } from '../i18n/index.js';
import type { StartPlan } from './start-plan.js';

/** Card processors: moving between two of them keeps the shopper's card welcome. */
const cardToCard = (from: ProviderId | null | undefined, to: ProviderId | null | undefined) =>
  from !== to && [from, to].every((id) => id === 'stripe' || id === 'adyen');

export function startNotice(config: CheckoutConfig, plan: StartPlan, active: ProviderId | null, t: Messages): string | undefined {
  const time = (value: string | number | undefined) =>
    value === undefined ? '' : new Intl.DateTimeFormat(t.locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(value));
  const say = (id: ProviderId) => t.methodInSentence[id];
  const first = config.providers[0]!;
  const skipped = plan.skip.get(first);
  if (skipped && active) {
    if (skipped.reason !== 'maintenance' && cardToCard(first, active)) return t.cardSwitched;
    return skipped.reason === 'maintenance'
      ? t.maintenance(say(first), time(skipped.until), say(active))
      : t.skipped(say(first), say(active));
  }
  const soon = plan.upcoming[0];
  return soon && t.maintenanceSoon(say(soon.provider), time(soon.from), time(soon.until));
}

/**
 * What the live region says when the shopper is moved (undefined: it keeps what it said). The shop
 * not answering is said as such, never as a provider that does not respond. With nothing left, the
 * alert in place of the methods says it and the live region stays quiet.
 */
export function changeNotice(detail: RelaisEventMap['relais-provider-change'], t: Messages): string | undefined {
  const say = (id: ProviderId) => t.methodInSentence[id];
  const { from, to, reason } = detail;
  if (reason === 'shopper-choice') return undefined;
  if (reason === 'recovered') return to ? t.recovered(say(to)) : undefined;
  if (!to) return '';
  if (reason === FailureKind.MerchantUnavailable) return t.shopUnavailable(say(to));
  if (cardToCard(from, to)) return t.cardSwitched;
  return from ? t.switched(say(from), say(to)) : '';
}
