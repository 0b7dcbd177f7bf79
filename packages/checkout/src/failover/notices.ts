/**
 * What the shopper is told before trying anything: why the merchant's first method is not
 * offered (remembered failure, down, maintenance), or that maintenance is coming.
 */
import type { CheckoutConfig, ProviderId } from '../config.js';
import type { Messages } from '../i18n/index.js';
import type { StartPlan } from './start-plan.js';

export function startNotice(config: CheckoutConfig, plan: StartPlan, active: ProviderId | null, t: Messages): string | undefined {
  const time = (value: string | number | undefined) =>
    value === undefined ? '' : new Intl.DateTimeFormat(t.locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(value));
  const first = config.providers[0]!;
  const skipped = plan.skip.get(first);
  if (skipped && active) {
    return skipped.reason === 'maintenance'
      ? t.maintenance(t.methods[first], time(skipped.until), t.methods[active])
      : t.skipped(t.methods[first], t.methods[active]);
  }
  const soon = plan.upcoming[0];
  return soon && t.maintenanceSoon(t.methods[soon.provider], time(soon.from), time(soon.until));
}
