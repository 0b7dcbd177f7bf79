/**
 * The order, written once for the three parts that handle it: the element builds it, the page's
 * queue stores it, the merchant API records it. One validator means an order the queue accepts is
 * an order the server accepts; a queued order the server later refuses would be lost on a 400.
 *
 * Validation returns a result naming the first bad field (a bad order is an expected outcome, not
 * an exception) and the order holding exactly the accepted fields: a typo or a smuggled field is
 * refused, never kept.
 */

export const PaymentMethod = {
  Stripe: 'stripe',
  PayPal: 'paypal',
  Adyen: 'adyen',
  BankTransfer: 'bank-transfer',
  /** Reserved while every method was down (`offline-orders`): the merchant sends a payment link. */
  PayLater: 'pay-later',
} as const;
export type PaymentMethod = (typeof PaymentMethod)[keyof typeof PaymentMethod];

/** The methods that complete the order by recording it: nothing to verify with a provider. */
export const RECORDED_METHODS: ReadonlySet<string> = new Set([PaymentMethod.BankTransfer, PaymentMethod.PayLater]);

export interface OrderItem {
  name: string;
  quantity: number;
  /** Unit price in minor units. */
  amount: number;
}

export interface Customer {
  email?: string;
  name?: string;
}

export interface Order {
  orderId: string;
  /** Minor units (4990 = 49.90). */
  amount: number;
  currency: string;
  method: PaymentMethod;
  items?: OrderItem[];
  customer?: Customer;
  /** Bank transfer reference the shopper writes on the transfer (e.g. RF…). */
  reference?: string;
  /**
   * The provider's payment id (PaymentIntent id, PayPal capture or order id). A hint that makes
   * the merchant API verify the payment with the provider, never proof of it.
   */
  paymentReference?: string;
}

/** What the shopper is buying: the part of an order that an idempotency key is bound to. */
export type Cart = Pick<Order, 'orderId' | 'amount' | 'currency' | 'items' | 'customer'>;

export const OrderLimits = {
  /** 999,999.99 in a two-decimal currency: larger is a mistake (and the element's own cap). */
  maxAmount: 99_999_999,
  maxItems: 100,
  maxItemQuantity: 10_000,
  maxNameLength: 200,
  maxEmailLength: 254,
  maxReferenceLength: 140,
  maxPaymentReferenceLength: 255,
} as const;

export type OrderCheck = { ok: true; order: Order } | { ok: false; field: string };

type Checked<T> = { ok: true; value: T } | { ok: false; field: string };
type Fields = Record<string, unknown>;

const ORDER_ID = /^[A-Za-z0-9_:-]{1,64}$/;
const METHODS: ReadonlySet<string> = new Set(Object.values(PaymentMethod));
const ORDER_KEYS = new Set(['orderId', 'amount', 'currency', 'method', 'items', 'customer', 'reference', 'paymentReference']);
const ITEM_KEYS = new Set(['name', 'quantity', 'amount']);
const CUSTOMER_KEYS = new Set(['email', 'name']);

// Control characters hide text in logs and spreadsheets; bidi overrides make a name read
// differently from what it is (an invoice line that displays reversed); a name made only of
// zero-width characters shows as nothing on the merchant's packing slip.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
const BIDI_OVERRIDE = /[\u202a-\u202e\u2066-\u2069]/u;
const INVISIBLE = /[\s\u200b-\u200d\u2060\ufeff]/gu;

// Intl knows the codes in use today; an environment without it (old runtimes) gets the shape only.
const currencies: ReadonlySet<string> | undefined =
  typeof Intl.supportedValuesOf === 'function' ? new Set(Intl.supportedValuesOf('currency')) : undefined;

function isFields(value: unknown): value is Fields {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Text a person wrote: non-empty, bounded, and shown as it is stored. */
export function isCleanText(value: unknown, max: number): value is string {
  return (
    typeof value === 'string' &&
    value.length <= max &&
    value.replace(INVISIBLE, '') !== '' &&
    !CONTROL.test(value) &&
    !BIDI_OVERRIDE.test(value)
  );
}

function isCount(value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): value is number {
  return Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
}

export function isOrderId(value: unknown): value is string {
  return typeof value === 'string' && ORDER_ID.test(value);
}

/** A total in minor units, from 1 to `OrderLimits.maxAmount`. */
export function isMinorAmount(value: unknown): value is number {
  return isCount(value, 1, OrderLimits.maxAmount);
}

/** An ISO 4217 code in use, upper-case as Relais writes it everywhere (providers get their own case). */
export function isCurrencyCode(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Z]{3}$/.test(value) && (currencies?.has(value) ?? true);
}

export function isPaymentMethod(value: unknown): value is PaymentMethod {
  return typeof value === 'string' && METHODS.has(value);
}

/** The first key outside `allowed`. */
function unknownKey(fields: Fields, allowed: Set<string>): string | undefined {
  return Object.keys(fields).find((key) => !allowed.has(key));
}

function checkItems(items: unknown): Checked<OrderItem[]> {
  if (!Array.isArray(items) || items.length > OrderLimits.maxItems) return { ok: false, field: 'items' };
  const checked: OrderItem[] = [];
  for (const [index, item] of items.entries()) {
    const at = `items[${index}]`;
    if (!isFields(item)) return { ok: false, field: at };
    const extra = unknownKey(item, ITEM_KEYS);
    if (extra !== undefined) return { ok: false, field: `${at}.${extra}` };
    if (!isCleanText(item['name'], OrderLimits.maxNameLength)) return { ok: false, field: `${at}.name` };
    if (!isCount(item['quantity'], 1, OrderLimits.maxItemQuantity)) return { ok: false, field: `${at}.quantity` };
    if (!isCount(item['amount'], 0, OrderLimits.maxAmount)) return { ok: false, field: `${at}.amount` };
    checked.push({ name: item['name'], quantity: item['quantity'], amount: item['amount'] });
  }
  return { ok: true, value: checked };
}

function checkCustomer(customer: unknown): Checked<Customer> {
  if (!isFields(customer)) return { ok: false, field: 'customer' };
  const extra = unknownKey(customer, CUSTOMER_KEYS);
  if (extra !== undefined) return { ok: false, field: `customer.${extra}` };
  const checked: Customer = {};
  const { email, name } = customer;
  if (email !== undefined) {
    if (!isCleanText(email, OrderLimits.maxEmailLength) || !/^[^\s@]+@[^\s@]+$/.test(email)) return { ok: false, field: 'customer.email' };
    checked.email = email;
  }
  if (name !== undefined) {
    if (!isCleanText(name, OrderLimits.maxNameLength)) return { ok: false, field: 'customer.name' };
    checked.name = name;
  }
  return { ok: true, value: checked };
}

/** Validates a parsed order. The order returned holds exactly the accepted fields. */
export function checkOrder(body: unknown): OrderCheck {
  if (!isFields(body)) return { ok: false, field: 'body' };
  const extra = unknownKey(body, ORDER_KEYS);
  if (extra !== undefined) return { ok: false, field: extra };

  const { orderId, amount, currency, method, items, customer, reference, paymentReference } = body;
  if (!isOrderId(orderId)) return { ok: false, field: 'orderId' };
  if (!isMinorAmount(amount)) return { ok: false, field: 'amount' };
  if (!isCurrencyCode(currency)) return { ok: false, field: 'currency' };
  if (!isPaymentMethod(method)) return { ok: false, field: 'method' };

  const order: Order = { orderId, amount, currency, method };
  if (items !== undefined) {
    const checked = checkItems(items);
    if (!checked.ok) return checked;
    order.items = checked.value;
  }
  if (customer !== undefined) {
    const checked = checkCustomer(customer);
    if (!checked.ok) return checked;
    order.customer = checked.value;
  }
  if (reference !== undefined) {
    if (!isCleanText(reference, OrderLimits.maxReferenceLength)) return { ok: false, field: 'reference' };
    order.reference = reference;
  }
  if (paymentReference !== undefined) {
    if (!isCleanText(paymentReference, OrderLimits.maxPaymentReferenceLength)) return { ok: false, field: 'paymentReference' };
    order.paymentReference = paymentReference;
  }
  return { ok: true, order };
}

/** The cart of an order, the fields in a fixed order: what the idempotency key is bound to. */
export function cartOf(order: Order): Cart {
  const cart: Cart = { orderId: order.orderId, amount: order.amount, currency: order.currency };
  if (order.items !== undefined) cart.items = order.items;
  if (order.customer !== undefined) cart.customer = order.customer;
  return cart;
}
