import { timingSafeEqual } from 'node:crypto';
import { type Database, IntentStatus, isUnpaid, type Money, requestHash } from '@relais/server/provider-kit';
import { newClientSecret, newIntentId } from './ids.js';
import { outcomeOf } from './payment-methods.js';

/**
 * The sandbox's fake Stripe: PaymentIntents in SQLite with Stripe's state machine, idempotency
 * keys and error shapes. The merchant side reaches it in-process (gateways.ts), the browser
 * stand-in over HTTP (stripe-routes.ts); both see the same rows.
 */

export interface PaymentError {
  type: 'card_error';
  code: string;
  decline_code?: string;
  message: string;
  payment_method: { id: string };
}

export interface SandboxIntent {
  id: string;
  clientSecret: string;
  orderId: string | null;
  amount: number;
  /** Lower-case, as Stripe answers it. */
  currency: string;
  status: IntentStatus;
  paymentMethod: string | null;
  lastPaymentError: PaymentError | null;
  /** Where the 3DS page sends the shopper back (set by a confirm that needs it). */
  returnUrl: string | null;
  /** Unix seconds, like Stripe's `created`. */
  created: number;
}

/** Stripe's `error` object, minus `payment_intent`, which the HTTP layer serialises. */
export interface StripeErrorBody {
  type: 'invalid_request_error' | 'card_error' | 'idempotency_error';
  code?: string;
  decline_code?: string;
  message: string;
  param?: string;
}

export type PspAnswer =
  | { ok: true; intent: SandboxIntent }
  | { ok: false; status: number; error: StripeErrorBody; intent?: SandboxIntent };

interface IntentRow {
  id: string;
  client_secret: string;
  idempotency_key: string | null;
  request_hash: string;
  order_id: string | null;
  amount: number;
  currency: string;
  status: string;
  payment_method: string | null;
  last_payment_error: string | null;
  return_url: string | null;
  created: number;
}

function fromRow(row: IntentRow): SandboxIntent {
  return {
    id: row.id,
    clientSecret: row.client_secret,
    orderId: row.order_id,
    amount: row.amount,
    currency: row.currency,
    status: row.status as IntentStatus,
    paymentMethod: row.payment_method,
    lastPaymentError: row.last_payment_error === null ? null : (JSON.parse(row.last_payment_error) as PaymentError),
    returnUrl: row.return_url,
    created: row.created,
  };
}

const missing = (id: string): PspAnswer => ({
  ok: false,
  status: 404,
  error: { type: 'invalid_request_error', code: 'resource_missing', param: 'intent', message: `No such payment_intent: '${id}'` },
});

const unexpectedState = (intent: SandboxIntent, action: string): PspAnswer => ({
  ok: false,
  status: 400,
  intent,
  error: {
    type: 'invalid_request_error',
    code: 'payment_intent_unexpected_state',
    message: `You cannot ${action} this PaymentIntent because it has a status of ${intent.status}.`,
  },
});

/** Constant time: the secret is the only thing that lets a page read or confirm an intent. */
function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Only http(s) URLs: the 3DS page redirects there, and must never run a `javascript:` URL. */
export function isReturnUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export interface ConfirmRequest {
  clientSecret: unknown;
  paymentMethod: string;
  returnUrl?: string | undefined;
}

export type SandboxStripe = ReturnType<typeof sandboxStripe>;

export function sandboxStripe(db: Database) {
  const byId = db.prepare<[string], IntentRow>('SELECT * FROM sandbox_payment_intents WHERE id = ?');
  const byKey = db.prepare<[string], IntentRow>('SELECT * FROM sandbox_payment_intents WHERE idempotency_key = ?');
  const insert = db.prepare<[IntentRow]>(
    `INSERT INTO sandbox_payment_intents (id, client_secret, idempotency_key, request_hash, order_id, amount,
       currency, status, payment_method, last_payment_error, return_url, created)
     VALUES (@id, @client_secret, @idempotency_key, @request_hash, @order_id, @amount, @currency, @status,
       @payment_method, @last_payment_error, @return_url, @created)`,
  );
  const write = db.prepare(
    `UPDATE sandbox_payment_intents SET amount = @amount, currency = @currency, status = @status,
       payment_method = @paymentMethod, last_payment_error = @lastPaymentError, return_url = @returnUrl
     WHERE id = @id`,
  );

  function save(intent: SandboxIntent): PspAnswer {
    write.run({
      id: intent.id,
      amount: intent.amount,
      currency: intent.currency,
      status: intent.status,
      paymentMethod: intent.paymentMethod,
      lastPaymentError: intent.lastPaymentError && JSON.stringify(intent.lastPaymentError),
      returnUrl: intent.returnUrl,
    });
    return { ok: true, intent };
  }

  /** Runs `change` on the current row inside one write transaction (another process may share the file). */
  function withIntent(id: string, change: (intent: SandboxIntent) => PspAnswer): PspAnswer {
    return db.transaction(() => {
      const row = byId.get(id);
      return row ? change(fromRow(row)) : missing(id);
    }).immediate();
  }

  function create(request: Money & { orderId: string; idempotencyKey: string }): PspAnswer {
    const fields = { orderId: request.orderId, amount: request.amount, currency: request.currency.toLowerCase() };
    const hash = requestHash(fields);
    return db.transaction((): PspAnswer => {
      const existing = byKey.get(request.idempotencyKey);
      if (existing) {
        // Stripe's rule: a key replays its first answer, and only for the same parameters.
        if (existing.request_hash === hash) return { ok: true, intent: fromRow(existing) };
        return {
          ok: false,
          status: 400,
          error: {
            type: 'idempotency_error',
            message: 'Keys for idempotent requests can only be used with the same parameters they were first used with.',
          },
        };
      }
      const id = newIntentId();
      const row: IntentRow = {
        id,
        client_secret: newClientSecret(id),
        idempotency_key: request.idempotencyKey,
        request_hash: hash,
        order_id: request.orderId,
        amount: fields.amount,
        currency: fields.currency,
        status: IntentStatus.RequiresPaymentMethod,
        payment_method: null,
        last_payment_error: null,
        return_url: null,
        created: Math.floor(Date.now() / 1000),
      };
      insert.run(row);
      return { ok: true, intent: fromRow(row) };
    }).immediate();
  }

  function retrieve(id: string): PspAnswer {
    const row = byId.get(id);
    return row ? { ok: true, intent: fromRow(row) } : missing(id);
  }

  /** What a page may read: an unknown id and a wrong secret look the same (404). */
  function retrieveWithSecret(id: string, clientSecret: unknown): PspAnswer {
    const answer = retrieve(id);
    return answer.ok && sameSecret(clientSecret, answer.intent.clientSecret) ? answer : missing(id);
  }

  function update(id: string, money: Money): PspAnswer {
    return withIntent(id, (intent) => {
      if (!isUnpaid(intent.status)) return unexpectedState(intent, 'update');
      // An authentication was for the old amount: the shopper starts the payment again.
      const status = intent.status === IntentStatus.RequiresAction ? IntentStatus.RequiresPaymentMethod : intent.status;
      return save({ ...intent, amount: money.amount, currency: money.currency.toLowerCase(), status });
    });
  }

  function cancel(id: string): PspAnswer {
    return withIntent(id, (intent) =>
      isUnpaid(intent.status) ? save({ ...intent, status: IntentStatus.Canceled }) : unexpectedState(intent, 'cancel'),
    );
  }

  function confirm(id: string, request: ConfirmRequest): PspAnswer {
    return withIntent(id, (intent) => {
      if (!sameSecret(request.clientSecret, intent.clientSecret)) return missing(id);
      if (!isUnpaid(intent.status)) return unexpectedState(intent, 'confirm');
      const outcome = outcomeOf(request.paymentMethod);
      if (!outcome) {
        return {
          ok: false,
          status: 400,
          error: {
            type: 'invalid_request_error', code: 'resource_missing', param: 'payment_method',
            message: `No such PaymentMethod: '${request.paymentMethod}'`,
          },
        };
      }
      const paymentMethod = request.paymentMethod;
      switch (outcome.kind) {
        case 'succeeded':
          return save({ ...intent, status: IntentStatus.Succeeded, paymentMethod, lastPaymentError: null });
        case 'requires-action':
          if (!request.returnUrl) {
            return {
              ok: false,
              status: 400,
              error: {
                type: 'invalid_request_error', code: 'parameter_missing', param: 'return_url',
                message: 'This payment method needs a redirect: return_url is required.',
              },
            };
          }
          return save({ ...intent, status: IntentStatus.RequiresAction, paymentMethod, lastPaymentError: null, returnUrl: request.returnUrl });
        case 'card-error': {
          // Like Stripe: the intent goes back to requires_payment_method, remembering why.
          const error: StripeErrorBody = { type: 'card_error', code: outcome.code, message: outcome.message };
          if (outcome.declineCode) error.decline_code = outcome.declineCode;
          const lastPaymentError: PaymentError = { ...error, type: 'card_error', code: outcome.code, payment_method: { id: paymentMethod } };
          const declined = { ...intent, status: IntentStatus.RequiresPaymentMethod, paymentMethod: null, lastPaymentError };
          save(declined);
          return { ok: false, status: 402, error, intent: declined };
        }
      }
    });
  }

  /** The shopper's answer on the 3DS page; an intent no longer waiting for it is left as it is. */
  function authenticate(id: string, clientSecret: unknown, passed: boolean): PspAnswer {
    return withIntent(id, (intent) => {
      if (!sameSecret(clientSecret, intent.clientSecret)) return missing(id);
      if (intent.status !== IntentStatus.RequiresAction) return { ok: true, intent };
      if (passed) return save({ ...intent, status: IntentStatus.Succeeded });
      const error: PaymentError = {
        type: 'card_error',
        code: 'payment_intent_authentication_failure',
        message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
        payment_method: { id: intent.paymentMethod ?? 'pm_card_authenticationRequired' },
      };
      return save({ ...intent, status: IntentStatus.RequiresPaymentMethod, paymentMethod: null, lastPaymentError: error });
    });
  }

  return { create, retrieve, retrieveWithSecret, update, cancel, confirm, authenticate };
}
