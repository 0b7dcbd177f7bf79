import { requestHash } from './canonical-json.js';
import { json, problem, readJson } from './http.js';
import {
  checkOrder, PaymentMethod, statusOf,
  type BankAccount, type BankTransferInstructions, type Order, type OrderAnswer,
} from './order.js';
import type { OrderStore } from './order-store.js';
import { containsSensitiveData } from './sensitive-data.js';

export interface OrdersRouteOptions {
  store: OrderStore;
  bankTransfer?: ((order: Order) => BankAccount | undefined) | undefined;
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

function answerFor(order: Order, bankTransfer: OrdersRouteOptions['bankTransfer']): OrderAnswer {
  const { orderId, method, amount, currency, reference } = order;
  const answer: OrderAnswer = { orderId, status: statusOf(order), method, amount, currency };
  if (reference !== undefined) answer.reference = reference;
  if (method === PaymentMethod.BankTransfer) {
    const instructions = bankInstructions(order, bankTransfer);
    if (instructions) answer.bankTransfer = instructions;
  }
  return answer;
}

/**
 * `POST /orders`: records an order exactly once per `Idempotency-Key`. The service worker
 * replays until it gets a 2xx, so a replay must get the first answer back, byte for byte.
 */
export function postOrder({ store, bankTransfer }: OrdersRouteOptions) {
  return async (request: Request): Promise<Response> => {
    const key = request.headers.get('idempotency-key');
    if (!key) return problem(400, 'idempotency-key-missing');

    const body = await readJson(request);
    if (!body.ok) {
      return body.reason === 'body-too-large'
        ? problem(413, 'body-too-large')
        : problem(400, 'invalid-order', { field: 'body' });
    }
    // Before anything else reads the body: nothing that looks like card data is kept or logged.
    if (containsSensitiveData(body.value)) return problem(400, 'sensitive-data-refused');

    const checked = checkOrder(body.value);
    if (!checked.ok) return problem(400, 'invalid-order', { field: checked.field });
    const { order } = checked;
    if (key !== order.orderId) return problem(400, 'idempotency-key-mismatch');

    // The request as sent, canonicalised: a replay may order its keys differently.
    const hash = requestHash(body.value);
    const { created, stored } = store.insertOrGet({
      idempotencyKey: key,
      requestHash: hash,
      order,
      // Runs only for a new order: a per-order IBAN is allocated once, never on a replay.
      answer: () => ({ status: 201, body: answerFor(order, bankTransfer) }),
    });
    if (created) return json(stored.answer.body, stored.answer.status);
    if (stored.requestHash !== hash) return problem(422, 'idempotency-key-reuse');
    return json(stored.answer.body, 200, { 'idempotent-replayed': 'true' });
  };
}
