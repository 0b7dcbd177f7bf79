/**
 * What the shopper is told before trying anything: why the merchant's first method is not offered
 * (remembered failure, down, maintenance) or that maintenance is coming. In the start plan's
 * chunk: only a page that has a plan needs it.
 */
import type { CheckoutConfig, ProviderId } from '../config.js';
import type { Messages } from '../i18n/index.js';
import { cardToCard, methodInSentence } from '../providers/registry.js';
import type { StartPlan } from './start-plan.js';

export function startNotice(config: CheckoutConfig, plan: StartPlan, active: ProviderId | null, t: Messages): string | undefined {
  const time = (value: string | number | undefined) =>
    value === undefined ? '' : new Intl.DateTimeFormat(t.locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(value));
  const say = (id: ProviderId) => methodInSentence(id, t);
  const first = config.providers[0]!;
  const skipped = plan.skip.get(first);
  if (skipped && active) {
    // Card to card: "card is in maintenance, pay by card" would contradict itself.
    if (cardToCard(first, active)) return t.cardSwitched;
    return skipped.reason === 'maintenance'
      ? t.maintenance(say(first), time(skipped.until), say(active))
      : t.skipped(say(first), say(active));
  }
  const soon = plan.upcoming[0];
  return soon && t.maintenanceSoon(say(soon.provider), time(soon.from), time(soon.until));
}

