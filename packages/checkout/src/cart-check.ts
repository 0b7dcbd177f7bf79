/**
 * The cart lines and the shopper, checked by the merchant API's own rules (`@relais/contracts`)
 * before anything is offered: a cart the server would refuse with a 400 is the developer's to fix,
 * and is said so in the console, instead of reaching the shopper as "the shop refused your order"
 * after they paid — or sitting in the queue, kept for an order that will never be accepted.
 * Loaded on demand: only pages that set `items` or `customer` need it.
 */
import { checkOrder } from '@relais/contracts';
import type { CheckoutConfig, ConfigIssue } from './config.js';
import type { CartLine, Customer } from './order.js';

export function cartIssues(items: CartLine[] | undefined, customer: Customer | undefined, config: CheckoutConfig): ConfigIssue[] {
  const checked = checkOrder({
    orderId: 'cart-check', amount: config.amount, currency: config.currency, method: 'bank-transfer',
    ...(items !== undefined && { items }), ...(customer !== undefined && { customer }),
  });
  if (checked.ok) return [];
  const { field } = checked;
  if (field.startsWith('customer')) {
    return [{
      code: 'customer-invalid', attribute: 'customer', value: field,
      fix: `Set customer to {email?, name?}: ${field} must be a plain text (an email address for email), without control or bidi characters.`,
    }];
  }
  return [{
    code: 'items-invalid', attribute: 'items', value: field,
    fix: `Set items to at most 100 lines {name, quantity, amount}: ${field} is not accepted (name: text of at most 200 characters without control or bidi characters; quantity: a whole number from 1; amount: the unit price in minor units, a whole number from 0).`,
  }];
}
