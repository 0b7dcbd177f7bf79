import { requestHash } from './canonical-json.js';
import { cartHash } from './cart-hash.js';
import { bodyProblem, json, problem, readHeldJson, readJson } from './http.js';
import { isIsoDateTime } from './incident.js';
import {
  checkOrder, initialStatus, OrderStatus, PaymentMethod,
  type BankAccount, type BankTransferInstructions, type Order, type OrderAnswer,
} from './order.js';
import { orderAnswerResponse } from './order-answer.js';
import type { OrderPayments } from './order-payments.js';
import type { OrderSecrets } from './order-secret.js';
import type { OrderChange, OrderCursor, OrderStore, StoredOrder } from './order-store.js';
import { checkPrice, type PriceOrder } from './pricing.js';
import { pageHeaders, readPageQuery } from './page-query.js';
import { containsSensitiveData } from '@relais/card-data';
import { RECORDED_METHODS } from '@relais/contracts';

export interface OrdersRouteOptions {
  store: OrderStore;
  secrets: OrderSecrets;
  payments: OrderPayments;
  bankTransfer?: ((order: Order) => BankAccount | undefined) | undefined;
  priceOrder?: PriceOrder | undefined;
}

function bankInstructions(
  order: Order,
  bankTransfer: OrdersRouteOptions['bankTransfer'],
): BankTransferInstructions | undefined {
  let account: BankAccount | undefined;
  try {
    account = bankTransfer?.(order);
  } catch (error) {
    throw new Error(`the bankTransfer option failed for order ${order.orderId}`, { cause: error });
  }
  if (account === undefined) return undefined;
  if (typeof account.iban !== 'string' || typeof account.beneficiary !== 'string') {
    throw new Error(`the bankTransfer option gave no iban or beneficiary for ${order.orderId}`);
  }
  // Copy the known fields only: whatever else the merchant's object holds stays private.
  const instructions: BankTransferInstructions = { iban: account.iban, beneficiary: account.beneficiary };
  if (account.bic !== undefined) instructions.bic = account.bic;
  if (order.reference !== undefined) instructions.reference = order.reference;
  return instructions;
}

/** The answer for an order recorded with (or moved to) `order.method`; a page's payment reference is not part of it. */
function answerFor(order: Order, bankTransfer: OrdersRouteOptions['bankTransfer']): OrderAnswer {
  const { orderId, method, amount, currency, reference } = order;
  const answer: OrderAnswer = { orderId, status: initialStatus(order), method, amount, currency };
  if (reference !== undefined) answer.reference = reference;
  if (method === PaymentMethod.BankTransfer) {
    const instructions = bankInstructions(order, bankTransfer);
    if (instructions) answer.bankTransfer = instructions;
  }
  return answer;
}

function withoutPaymentReference(order: Order): Order {
  const { paymentReference: _hint, ...recorded } = order;
  return recorded;
}

const SETTLED: ReadonlySet<string> = new Set([OrderStatus.Paid, OrderStatus.Refunded]);

/**
 * What a request for an order already recorded (same cart) changes. The page records the order
 * before paying; the shopper may then move to bank transfer or reserve it (the order takes that
 * method), or pay through a provider (the page reports it, and the payment is verified).
 * Undefined: nothing changes. A Response: refused.
 */
function changeOf(stored: StoredOrder, request: Order, bankTransfer: OrdersRouteOptions['bankTransfer']): OrderChange | Response | undefined {
  const status = stored.answer.body.status;
  if (!RECORDED_METHODS.has(request.method)) return undefined;
  if (stored.order.method === request.method && stored.order.reference === request.reference) return undefined;
  // Paid, or money moving: a bank transfer now would be a second payment. The page is told who
  // was paid, so that it verifies that payment instead of saying nothing was charged.
  if (SETTLED.has(status)) return problem(409, 'already-paid', { status, paidWith: stored.order.method });
  if (status === OrderStatus.Verifying) return problem(409, 'payment-in-progress', { status });
  const order: Order = { ...stored.order, method: request.method };
  if (request.reference !== undefined) order.reference = request.reference;
  else delete order.reference;
  return { order, answer: answerFor(order, bankTransfer) };
}

/**
 * The query parameter the page's queue adds to an order it delivers: when it took the order
 * (ISO 8601). A query parameter, not a header: a custom header would join the CORS preflight of a
 * merchant API on another origin, and one whose `Access-Control-Allow-Headers` does not list it
 * would fail every queued delivery as a network error until the order expires.
 */
export const QUEUED_AT_PARAM = 'queued-at';
/** How far ahead of the server's clock a shopper's clock may be before its `queued-at` is ignored. */
export const QUEUED_AT_MAX_AHEAD_MS = 5 * 60_000;
/**
 * How far behind the server's clock a `queued-at` may be. The queue keeps an order 7 days
 * (`RETENTION_MS` of @relais/service-worker); an older one can only come from a wrong clock, and
 * would otherwise make an outage of days in the merchant's report. One day of slack for clocks.
 */
export const QUEUED_AT_MAX_AGE_MS = 8 * 24 * 60 * 60_000;

/**
 * The `queued-at` of a request, normalised to UTC, or undefined. It is evidence for the
 * merchant's report, never a reason to refuse an order: unreadable, far in the future or more
 * than 8 days old (a shopper's clock) and it is dropped. A time a little ahead is clamped to
 * `now`, since the queue cannot have taken an order after it arrived.
 */
export function queuedAtOf(request: Request, now: number): string | undefined {
  // Most orders come straight from a page, with no query to parse.
  if (!request.url.includes('?')) return undefined;
  const value = new URL(request.url).searchParams.get(QUEUED_AT_PARAM);
  if (!isIsoDateTime(value)) return undefined;
  const at = Date.parse(value);
  if (at > now + QUEUED_AT_MAX_AHEAD_MS || at < now - QUEUED_AT_MAX_AGE_MS) return undefined;
  return new Date(Math.min(at, now)).toISOString();
}

/**
 * `POST /orders`: records an order exactly once per `Idempotency-Key` (the order id), before any
 * payment starts, and answers the order's secret that its payment routes require. The key is
 * bound to the cart (amount, currency, items, customer): the same cart again is the same order
 * (200, its answer as it stands; a new method or a payment report moves it, see `changeOf`);
 * another cart under the same key is refused (422). The queue replays until it gets a 2xx.
 * `queued-at` is kept with a new order only: the same order may be tried straight from the page
 * first and delivered by the queue later.
 */
export function postOrder({ store, secrets, payments, bankTransfer, priceOrder }: OrdersRouteOptions) {
  return async (request: Request): Promise<Response> => {
    const key = request.headers.get('idempotency-key');
    if (!key) return problem(400, 'idempotency-key-missing');

    // A body the Node adapter already holds is parsed here and now: two async frames fewer.
    const body = readHeldJson(request) ?? await readJson(request);
    if (!body.ok) {
      return body.reason === 'invalid-json' ? problem(400, 'invalid-order', { field: 'body' }) : bodyProblem(body.reason);
    }
    // Before anything else reads the body: nothing that looks like card data is kept or logged.
    if (containsSensitiveData(body.value)) return problem(400, 'sensitive-data-refused');

    const checked = checkOrder(body.value);
    if (!checked.ok) return problem(400, 'invalid-order', { field: checked.field });
    const { order } = checked;
    if (key !== order.orderId) return problem(400, 'idempotency-key-mismatch');

    // The cart as sent, canonicalised: a replay may order its keys differently.
    const hash = cartHash(order);
    let created = false;
    // With a price to check, a replay must not be priced again: look first. Without, the insert
    // itself tells a new order from a replay, one statement fewer for a new order.
    // The SQLite store answers synchronously: a value is not awaited (each await is a turn of
    // the microtask queue per order, with 64 orders in flight).
    let stored = priceOrder ? await store.get(order.orderId) : undefined;
    if (!stored) {
      const priced = priceOrder ? await checkPrice(priceOrder, order) : undefined;
      if (priced) return priced;
      // A payment reference on a new order (the queue delivering a paid order) is verified below,
      // and recorded only then. Most orders carry none: nothing to copy.
      const recorded = order.paymentReference === undefined ? order : withoutPaymentReference(order);
      const insertion = store.insertOrGet({
        idempotencyKey: key,
        requestHash: hash,
        order: recorded,
        queuedAt: queuedAtOf(request, Date.now()),
        // Runs only for a new order: a per-order IBAN is allocated once, never on a replay.
        answer: () => ({ status: 201, body: answerFor(recorded, bankTransfer) }),
        answerIsPure: recorded.method !== PaymentMethod.BankTransfer || bankTransfer === undefined,
      });
      ({ created, stored } = insertion instanceof Promise ? await insertion : insertion);
    }
    // Orders recorded before carts were hashed alone were bound to the whole request.
    if (stored.requestHash !== hash && stored.requestHash !== requestHash(body.value)) return problem(422, 'idempotency-key-reuse');

    let changed = false;
    if (!created) {
      const change = changeOf(stored, order, bankTransfer);
      if (change instanceof Response) return change;
      if (change) {
        stored = (await store.update(order.orderId, () => change)) ?? stored;
        changed = true;
      }
    }
    if (order.paymentReference !== undefined && (order.method === 'stripe' || order.method === 'paypal' || order.method === 'adyen')) {
      stored = (await payments.check(order.orderId, order.method)) ?? stored;
    }
    return orderAnswerResponse(stored.answer.body, secrets.of(order.orderId), created ? 201 : 200, !created && !changed);
  };
}

/** The most orders one `GET /orders` answers; page with `since`. */
export const ORDERS_PAGE_SIZE = 1000;

/** One order as the merchant's dashboard lists it: what was sold and how, no customer, no items. */
export interface DashboardOrder {
  orderId: string;
  /** Minor units (4990 = 49.90). */
  amount: number;
  currency: string;
  method: PaymentMethod;
  /** As it stands: `paid` only once verified with the provider. */
  status: OrderStatus;
  /** ISO 8601, when the merchant API recorded it. */
  createdAt: string;
  /** ISO 8601, when its status or method last changed (paid, moved to bank transfer). */
  updatedAt?: string;
  /** ISO 8601, when the page's queue took it because the merchant API did not answer. */
  queuedAt?: string;
  paymentReference?: string;
}

/** Field by field, so a field later added to the stored order (or customer data) never leaks here. */
export function dashboardOrder(stored: StoredOrder): DashboardOrder {
  const { orderId, amount, currency, method, paymentReference } = stored.order;
  const order: DashboardOrder = {
    orderId, amount, currency, method, status: stored.answer.body.status, createdAt: stored.createdAt, updatedAt: stored.updatedAt,
  };
  if (stored.queuedAt !== undefined) order.queuedAt = stored.queuedAt;
  if (paymentReference !== undefined) order.paymentReference = paymentReference;
  return order;
}

/** `before` of `GET /orders?order=desc`: `{row}_{createdAt}` of the last order of the page before. */
function cursorOf(value: string | null): OrderCursor | undefined | null {
  if (value === null) return undefined;
  const match = /^(\d{1,15})_(.+)$/.exec(value);
  if (!match || !isIsoDateTime(match[2])) return null;
  return { row: Number(match[1]), at: match[2] };
}

/**
 * `GET /orders?since=ISO`: orders recorded since then, oldest first, at most `ORDERS_PAGE_SIZE`
 * (the next page starts at the last `createdAt`; an order of that same millisecond comes again).
 *
 * `GET /orders?order=desc&limit=N&since=ISO`: the newest first, `limit` (at most and by default
 * `ORDERS_PAGE_SIZE`) a page, what a dashboard shows whatever the day's volume. When older
 * orders remain, a `Link: <?…&before=…>; rel="next"` header (relative to this URL) asks for them.
 *
 * For the merchant's dashboard: the queued orders and when they arrived. Admin only (the handler
 * wraps it): it lists amounts and payment references, though no customer data.
 */
export function getOrders(store: OrderStore) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const query = readPageQuery(url, ORDERS_PAGE_SIZE, cursorOf);
    if (query instanceof Response) return query;
    if (query.order === 'asc') return json((await store.since(query.sinceMs, query.limit)).map(dashboardOrder), 200, pageHeaders(url, undefined));
    const page = await store.newest(query.sinceMs, query.limit, query.before);
    return json(page.orders.map(dashboardOrder), 200, pageHeaders(url, page.next && `${page.next.row}_${page.next.at}`));
  };
}
