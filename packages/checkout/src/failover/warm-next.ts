/**
 * The second card processor, made ready to take over while the first one loads. A blocked
 * Stripe.js fails within milliseconds, so whatever Adyen's card form needs that can be fetched
 * before the failure is fetched now: its adapter chunk and the chunks that adapter imports (the
 * bundle has no module preloading, so each would otherwise be a round trip after the failure),
 * and what the adapter's `prepare` says is cheap (the order-record code, a connection to its CDN).
 *
 * What this deliberately does not do: record the order or open an Adyen session. An order is
 * recorded when a payment with a method is about to start (docs/design.md, "Orders": recorded
 * first, bound to its cart), and the cart may still change after the element is on the page (a
 * shop sets `items` afterwards): an order recorded for every visitor would fill the merchant's
 * orders with carts nobody paid, and a changed cart would make it a second order. The session is
 * opened once Adyen is really needed: when Stripe failed, or in the background when Stripe is
 * slow (hedging, `failover/policy.ts`) or its script failed once and is being retried (a blocked
 * script fails twice in a row), where the shopper is likely to need it.
 */
import type { CheckoutConfig, ProviderId } from '../config.js';
import { cardToCard, definitionOf } from '../providers/registry.js';

/** The method a failure of the first one would move the shopper to, when both take cards. */
function cardFallback({ providers: [first, next] }: CheckoutConfig): ProviderId | undefined {
  return cardToCard(first, next) ? next : undefined;
}

/** Fetches the card fallback's code now; a failure here is the later load's to report. */
export function warmCardFallback(config: CheckoutConfig): void {
  const next = cardFallback(config);
  const definition = next === undefined ? undefined : definitionOf(next);
  definition?.load().then((provider) => provider.prepare?.(config), () => {});
}
