import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore, type Handler } from '@relais/server';
import { sandbox } from './index.js';
import { get, post } from '../../../server/dist/fixtures.js';

const BASE = '/api/shop';
const RETURN_URL = 'https://shop.test/checkout?step=pay';

interface Intent {
  id: string;
  object: string;
  amount: number;
  currency: string;
  status: string;
  client_secret: string;
  metadata: Record<string, string>;
  last_payment_error: { type: string; code: string; decline_code?: string; message: string } | null;
  next_action: { type: string; redirect_to_url: { url: string; return_url: string } } | null;
}

interface StripeError {
  error: { type: string; code?: string; decline_code?: string; message: string; param?: string; payment_intent?: Intent };
}

async function setup(): Promise<{ handler: Handler; secret: string; id: string }> {
  const handler = createRelaisHandler({ store: openOrderStore(), basePath: BASE, sandbox });
  const created = await post(handler, { orderId: 'ord-1', amount: 4990, currency: 'EUR' }, { path: `${BASE}/stripe/payment-intents` });
  const { clientSecret } = (await created.json()) as { clientSecret: string };
  return { handler, secret: clientSecret, id: clientSecret.split('_secret_')[0]! };
}

function confirm(handler: Handler, id: string, fields: Record<string, unknown>): Promise<Response> {
  return post(handler, fields, { path: `${BASE}/sandbox/stripe/payment_intents/${id}/confirm`, key: null });
}

function retrieve(handler: Handler, id: string, secret: string): Promise<Response> {
  return get(handler, `${BASE}/sandbox/stripe/payment_intents/${id}?client_secret=${encodeURIComponent(secret)}`);
}

describe('sandbox ids', () => {
  test('are marked sbx and keep the shape Stripe.js and the stand-in parse', async () => {
    const { secret, id } = await setup();
    assert.match(id, /^pi_sbx[A-Za-z0-9]{21}$/);
    // The stand-in's own parser (packages/sandbox/src/stripe/api.ts), which follows Stripe's grammar.
    assert.equal(/^(pi_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/.exec(secret)?.[1], id);
  });
});

describe('GET /sandbox/stripe/payment_intents/{id}', () => {
  test('with its client secret answers the PaymentIntent in Stripe\'s shape', async () => {
    const { handler, secret, id } = await setup();
    const response = await retrieve(handler, id, secret);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const intent = (await response.json()) as Intent;
    assert.deepEqual(
      { id: intent.id, object: intent.object, amount: intent.amount, currency: intent.currency, status: intent.status,
        client_secret: intent.client_secret, metadata: intent.metadata, last_payment_error: intent.last_payment_error,
        next_action: intent.next_action },
      { id, object: 'payment_intent', amount: 4990, currency: 'eur', status: 'requires_payment_method',
        client_secret: secret, metadata: { orderId: 'ord-1' }, last_payment_error: null, next_action: null },
    );
  });

  for (const [what, secretFor] of [
    ['another intent\'s secret', (secret: string) => secret.replace(/_secret_.*/, '_secret_wrong')],
    ['no secret', () => ''],
  ] as const) {
    test(`with ${what} answers 404 resource_missing, as for an unknown id`, async () => {
      const { handler, secret, id } = await setup();
      for (const response of [await retrieve(handler, id, secretFor(secret)), await retrieve(handler, 'pi_sbxNope', secret)]) {
        assert.equal(response.status, 404);
        const { error } = (await response.json()) as StripeError;
        assert.deepEqual([error.type, error.code], ['invalid_request_error', 'resource_missing']);
      }
    });
  }
});

describe('POST /sandbox/stripe/payment_intents/{id}/confirm with the README test payment methods', () => {
  test('pm_card_visa succeeds', async () => {
    const { handler, secret, id } = await setup();
    const response = await confirm(handler, id, { client_secret: secret, payment_method: 'pm_card_visa', return_url: RETURN_URL });
    assert.equal(response.status, 200);
    const intent = (await response.json()) as Intent;
    assert.deepEqual([intent.status, intent.next_action, intent.last_payment_error], ['succeeded', null, null]);
  });

  const declines: Array<[string, string, string | undefined, string]> = [
    ['pm_card_visa_chargeDeclined', 'card_declined', 'generic_decline', 'Your card was declined.'],
    ['pm_card_visa_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds', 'Your card has insufficient funds.'],
    ['pm_card_chargeDeclinedProcessingError', 'processing_error', undefined,
      'An error occurred while processing your card. Try again in a little bit.'],
  ];
  for (const [paymentMethod, code, declineCode, message] of declines) {
    test(`${paymentMethod} answers 402 card_error ${code}${declineCode ? ` / ${declineCode}` : ''} and leaves the intent payable`, async () => {
      const { handler, secret, id } = await setup();
      const response = await confirm(handler, id, { client_secret: secret, payment_method: paymentMethod, return_url: RETURN_URL });
      assert.equal(response.status, 402);
      const { error } = (await response.json()) as StripeError;
      assert.deepEqual(
        { type: error.type, code: error.code, decline_code: error.decline_code, message: error.message },
        { type: 'card_error', code, decline_code: declineCode, message },
      );
      assert.equal(error.payment_intent?.status, 'requires_payment_method');
      assert.equal(error.payment_intent?.last_payment_error?.code, code);
      // The shopper tries another card on the same intent.
      const retry = await confirm(handler, id, { client_secret: secret, payment_method: 'pm_card_visa' });
      assert.equal(((await retry.json()) as Intent).status, 'succeeded');
    });
  }

  test('pm_card_authenticationRequired answers requires_action with the 3DS page as redirect', async () => {
    const { handler, secret, id } = await setup();
    const response = await confirm(handler, id, { client_secret: secret, payment_method: 'pm_card_authenticationRequired', return_url: RETURN_URL });
    assert.equal(response.status, 200);
    const intent = (await response.json()) as Intent;
    assert.equal(intent.status, 'requires_action');
    assert.equal(intent.next_action?.type, 'redirect_to_url');
    assert.equal(intent.next_action?.redirect_to_url.return_url, RETURN_URL);
    const url = new URL(intent.next_action!.redirect_to_url.url, 'https://shop.test');
    assert.equal(url.pathname, `${BASE}/sandbox/stripe/3ds/${id}`);
    assert.equal(url.searchParams.get('return_url'), RETURN_URL);
  });

  test('pm_card_authenticationRequired without a return_url is refused: it must redirect', async () => {
    const { handler, secret, id } = await setup();
    const response = await confirm(handler, id, { client_secret: secret, payment_method: 'pm_card_authenticationRequired' });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as StripeError).error.param, 'return_url');
  });

  test('an unknown payment method answers 400 resource_missing', async () => {
    const { handler, secret, id } = await setup();
    const response = await confirm(handler, id, { client_secret: secret, payment_method: 'pm_card_amex' });
    assert.equal(response.status, 400);
    const { error } = (await response.json()) as StripeError;
    assert.deepEqual([error.code, error.param], ['resource_missing', 'payment_method']);
  });

  test('a wrong client secret answers 404 and changes nothing', async () => {
    const { handler, secret, id } = await setup();
    const response = await confirm(handler, id, { client_secret: `${id}_secret_forged`, payment_method: 'pm_card_visa' });
    assert.equal(response.status, 404);
    assert.equal(((await (await retrieve(handler, id, secret)).json()) as Intent).status, 'requires_payment_method');
  });

  test('a paid intent cannot be confirmed again: 400 payment_intent_unexpected_state', async () => {
    const { handler, secret, id } = await setup();
    await confirm(handler, id, { client_secret: secret, payment_method: 'pm_card_visa' });
    const again = await confirm(handler, id, { client_secret: secret, payment_method: 'pm_card_visa' });
    assert.equal(again.status, 400);
    assert.equal(((await again.json()) as StripeError).error.code, 'payment_intent_unexpected_state');
  });

  const refused: Array<[string, Record<string, unknown>, string]> = [
    ['an unknown parameter', { payment_method: 'pm_card_visa', use_stripe_sdk: true }, 'use_stripe_sdk'],
    ['no payment_method', {}, 'payment_method'],
    ['a javascript: return_url', { payment_method: 'pm_card_visa', return_url: 'javascript:alert(1)' }, 'return_url'],
    ['a relative return_url', { payment_method: 'pm_card_visa', return_url: '/done' }, 'return_url'],
  ];
  for (const [what, fields, param] of refused) {
    test(`${what} is refused with 400 naming ${param}`, async () => {
      const { handler, secret, id } = await setup();
      const response = await confirm(handler, id, { client_secret: secret, ...fields });
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as StripeError).error.param, param);
    });
  }
});
