/**
 * The order as the merchant API accepts it (DESIGN.md, "Orders and the queue") and the answer
 * it gives. Validation returns a result naming the first bad field: a bad order is an expected
 * outcome, not an exception.
 */

export const PaymentMethod = {
  Stripe: 'stripe',
  PayPal: 'paypal',
  BankTransfer: 'bank-transfer',
  /** Reserved while every method was down (`offline-orders`): the merchant sends a payment link. */
  PayLater: 'pay-later',
} as const;
export type PaymentMethod = (typeof PaymentMethod)[keyof typeof PaymentMethod];

export const OrderStatus = {
  /** Recorded; no payment proof came with it. */
  Pending: 'pending',
  /** Bank transfer: the shopper has the instructions, the money is not there yet. */
  PendingPayment: 'pending-payment',
  /** A provider payment reference came with it. Later work verifies it with the provider. */
  Paid: 'paid',
  /** Reserved without payment: the merchant sends the shopper a payment link. */
  AwaitingPaymentLink: 'awaiting-payment-link',
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

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
  /** The provider's payment id (PaymentIntent id, PayPal order id). */
  paymentReference?: string;
}

/** The merchant's account for one order (a dedicated IBAN per order reconciles itself). */
export interface BankAccount {
  iban: string;
  bic?: string;
  beneficiary: string;
}

export interface BankTransferInstructions extends BankAccount {
  reference?: string;
}

export interface OrderAnswer {
  orderId: string;
  status: OrderStatus;
  method: PaymentMethod;
  amount: number;
  currency: string;
  reference?: string;
  bankTransfer?: BankTransferInstructions;
}

export type OrderCheck = { ok: true; order: Order } | { ok: false; field: string };

type Checked<T> = { ok: true; value: T } | { ok: false; field: string };

const ORDER_ID = /^[A-Za-z0-9_:-]{1,64}$/;
const CURRENCY = /^[A-Z]{3}$/;
const METHODS: readonly string[] = Object.values(PaymentMethod);
const ORDER_KEYS = new Set([
  'orderId', 'amount', 'currency', 'method', 'items', 'customer', 'reference', 'paymentReference',
]);
const ITEM_KEYS = new Set(['name', 'quantity', 'amount']);
const CUSTOMER_KEYS = new Set(['email', 'name']);

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= max;
}

function isCount(value: unknown, min: number): value is number {
  return Number.isSafeInteger(value) && (value as number) >= min;
}

/** The checks every merchant endpoint applies to the fields an order shares with a payment. */
export function isOrderId(value: unknown): value is string {
  return typeof value === 'string' && ORDER_ID.test(value);
}

/** A positive amount in minor units (4990 = 49.90). */
export function isMinorAmount(value: unknown): value is number {
  return isCount(value, 1);
}

/** An ISO 4217 code, upper-case as Relais writes it everywhere (providers get their own case). */
export function isCurrencyCode(value: unknown): value is string {
  return typeof value === 'string' && CURRENCY.test(value);
}

/** The first key outside `allowed`: strict, so a typo or a smuggled field is refused, not kept. */
function unknownKey(fields: Fields, allowed: Set<string>): string | undefined {
  return Object.keys(fields).find((key) => !allowed.has(key));
}

function checkItems(items: unknown): Checked<OrderItem[]> {
  if (!Array.isArray(items) || items.length > 100) return { ok: false, field: 'items' };
  const checked: OrderItem[] = [];
  for (const [index, item] of items.entries()) {
    const at = `items[${index}]`;
    if (!isFields(item)) return { ok: false, field: at };
    const extra = unknownKey(item, ITEM_KEYS);
    if (extra !== undefined) return { ok: false, field: `${at}.${extra}` };
    if (!isText(item['name'], 200)) return { ok: false, field: `${at}.name` };
    if (!isCount(item['quantity'], 1)) return { ok: false, field: `${at}.quantity` };
    if (!isCount(item['amount'], 0)) return { ok: false, field: `${at}.amount` };
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
    if (!isText(email, 254) || !/^[^\s@]+@[^\s@]+$/.test(email)) {
      return { ok: false, field: 'customer.email' };
    }
    checked.email = email;
  }
  if (name !== undefined) {
    if (!isText(name, 200)) return { ok: false, field: 'customer.name' };
    checked.name = name;
  }
  return { ok: true, value: checked };
}

/** Validates a parsed body. The order returned holds exactly the accepted fields. */
export function checkOrder(body: unknown): OrderCheck {
  if (!isFields(body)) return { ok: false, field: 'body' };
  const extra = unknownKey(body, ORDER_KEYS);
  if (extra !== undefined) return { ok: false, field: extra };

  const { orderId, amount, currency, method, items, customer, reference, paymentReference } = body;
  if (!isOrderId(orderId)) return { ok: false, field: 'orderId' };
  if (!isMinorAmount(amount)) return { ok: false, field: 'amount' };
  if (!isCurrencyCode(currency)) return { ok: false, field: 'currency' };
  if (typeof method !== 'string' || !METHODS.includes(method)) {
    return { ok: false, field: 'method' };
  }

  const order: Order = { orderId, amount, currency, method: method as PaymentMethod };
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
    if (!isText(reference, 140)) return { ok: false, field: 'reference' };
    order.reference = reference;
  }
  if (paymentReference !== undefined) {
    if (!isText(paymentReference, 255)) return { ok: false, field: 'paymentReference' };
    order.paymentReference = paymentReference;
  }
  return { ok: true, order };
}

export function statusOf(order: Order): OrderStatus {
  if (order.method === PaymentMethod.BankTransfer) return OrderStatus.PendingPayment;
  if (order.method === PaymentMethod.PayLater) return OrderStatus.AwaitingPaymentLink;
  if (order.paymentReference !== undefined) return OrderStatus.Paid;
  return OrderStatus.Pending;
}
