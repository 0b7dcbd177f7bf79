import { problem } from './http.js';
import type { Order } from './order.js';

/**
 * Who sets the price. Without a pricing check the merchant API records the amount the page sends:
 * a shopper who edits the page can record a 1-cent order for a 49.90 cart — and pay exactly what
 * was recorded, never less (payments are always created for the recorded amount). A merchant who
 * ships on `paid` without looking at the amount must configure one.
 */
export type PriceVerdict =
  /** The authoritative total of the cart, in minor units (and its currency, when the shop says). */
  | { amount: number; currency?: string }
  /** The cart cannot be sold (unknown product, out of stock): `reason` is shown to the page. */
  | { refuse: string };

/** Prices a new order's cart. Throwing means "cannot tell now": the order is not recorded (503). */
export type PriceOrder = (order: Order) => PriceVerdict | Promise<PriceVerdict>;

/** Undefined when the order's amount is the cart's price (or no check is configured); else the answer. */
export async function checkPrice(priceOrder: PriceOrder | undefined, order: Order): Promise<Response | undefined> {
  if (!priceOrder) return undefined;
  let verdict: PriceVerdict;
  try {
    verdict = await priceOrder(order);
  } catch {
    // Not the shopper's fault and not a refusal: the queue delivers it again later.
    return problem(503, 'price-check-unavailable', {}, { 'retry-after': '30' });
  }
  if ('refuse' in verdict) return problem(422, 'order-refused', { reason: String(verdict.refuse).slice(0, 200) });
  const currency = verdict.currency ?? order.currency;
  if (verdict.amount !== order.amount || currency !== order.currency) {
    return problem(409, 'price-mismatch', { amount: verdict.amount, currency });
  }
  return undefined;
}

/**
 * `relais-server --price-check <url>`: POSTs `{orderId, amount, currency, items}` to the merchant's
 * own endpoint, which answers 2xx `{amount, currency?}` or 4xx `{reason?}` (a refusal). Anything
 * else (5xx, no answer in 5 s, not JSON) is "cannot tell now".
 */
export function priceCheckAt(url: string, fetchImpl: typeof fetch = fetch): PriceOrder {
  return async (order) => {
    const { orderId, amount, currency, items } = order;
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId, amount, currency, items: items ?? [] }),
      signal: AbortSignal.timeout(5000),
    });
    const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (response.status >= 400 && response.status < 500) {
      return { refuse: typeof body?.['reason'] === 'string' ? body['reason'] : `price check answered ${response.status}` };
    }
    if (!response.ok || !Number.isSafeInteger(body?.['amount'])) throw new Error(`price check answered ${response.status}`);
    const verdict: PriceVerdict = { amount: body!['amount'] as number };
    if (typeof body!['currency'] === 'string') verdict.currency = body!['currency'];
    return verdict;
  };
}

/** A fixed catalogue: each item's name has one unit price; the cart's total is theirs. */
export function priceFromCatalogue(catalogue: Readonly<Record<string, number>>): PriceOrder {
  return ({ items }) => {
    if (!items || items.length === 0) return { refuse: 'the order names no item' };
    let total = 0;
    for (const item of items) {
      const price = Object.hasOwn(catalogue, item.name) ? catalogue[item.name] : undefined;
      if (price === undefined) return { refuse: `unknown item: ${item.name}` };
      total += price * item.quantity;
    }
    return { amount: total };
  };
}
