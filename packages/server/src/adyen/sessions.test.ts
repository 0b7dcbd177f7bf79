import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore, type Handler } from '../index.js';
import { anOrder, ORIGIN, post, recordOrder } from '../fixtures.js';
import { sandbox } from '../test-lab.js';

function sandboxShop() {
  const store = openOrderStore();
  const handler = createRelaisHandler({ store, sandbox });
  return { store, handler };
}

const RETURN_URL = 'https://shop.test/checkout';

async function openSession(handler: Handler, secret: string | null, body: Record<string, unknown> = { orderId: 'ord-1', returnUrl: RETURN_URL }) {
  return post(handler, body, { path: '/adyen/sessions', key: 'ord-1:adyen:session', headers: secret === null ? {} : { 'relais-order-secret': secret } });
}

/** What the AdyenWeb stand-in posts for a card payment of the session (a test token, never a card). */
async function payAtAdyen(handler: Handler, session: { id: string; sessionData: string }, token: string): Promise<Record<string, unknown>> {
  const response = await handler(
    new Request(`${ORIGIN}/sandbox/adyen/sessions/${session.id}/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionData: session.sessionData, paymentMethod: { type: 'scheme', encryptedCardNumber: token } }),
    }),
  );
  return (await response.json()) as Record<string, unknown>;
}

const status = (handler: Handler, secret: string, body: Record<string, unknown> = { orderId: 'ord-1' }) =>
  post(handler, body, { path: '/adyen/sessions/status', key: 'ord-1:adyen:status', headers: { 'relais-order-secret': secret } });

describe('POST /adyen/sessions', () => {
  test('needs the order’s secret: 401 without, 403 with a wrong one', async () => {
    const { handler } = sandboxShop();
    await recordOrder(handler, anOrder({ method: 'adyen' }));
    assert.equal((await openSession(handler, null)).status, 401);
    assert.equal((await openSession(handler, 'not-the-secret')).status, 403);
  });

  test('opens one session for the recorded amount, and answers the same one to a retry', async () => {
    const { handler } = sandboxShop();
    const secret = await recordOrder(handler, anOrder({ method: 'adyen', amount: 1250 }));
    const first = await openSession(handler, secret);
    assert.equal(first.status, 200);
    const session = (await first.json()) as { id: string; sessionData: string };
    assert.match(session.id, /^CS/);
    assert.equal(typeof session.sessionData, 'string');
    const again = (await (await openSession(handler, secret)).json()) as { id: string };
    assert.equal(again.id, session.id);
    const setup = await handler(new Request(`${ORIGIN}/sandbox/adyen/sessions/${session.id}/setup`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionData: session.sessionData }),
    }));
    assert.deepEqual(((await setup.json()) as { amount: unknown }).amount, { value: 1250, currency: 'EUR' }, 'the recorded amount, not a page’s');
    assert.equal((await openSession(handler, secret, { orderId: 'ord-1', returnUrl: RETURN_URL, amount: 1 })).status, 409);
  });

  test('refuses a return URL that is not http(s)', async () => {
    const { handler } = sandboxShop();
    const secret = await recordOrder(handler, anOrder({ method: 'adyen' }));
    const response = await openSession(handler, secret, { orderId: 'ord-1', returnUrl: 'javascript:alert(1)' });
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { error: 'invalid-request', field: 'returnUrl' });
  });
});

describe('POST /adyen/sessions/status (verification)', () => {
  test('an authorised payment makes the order paid only through the server’s own reading', async () => {
    const { handler, store } = sandboxShop();
    const secret = await recordOrder(handler, anOrder({ method: 'adyen' }));
    const session = (await (await openSession(handler, secret)).json()) as { id: string; sessionData: string };
    const paid = await payAtAdyen(handler, session, 'sbx_enc_authorised');
    assert.equal(paid['resultCode'], 'Authorised');
    assert.equal(store.get('ord-1')?.answer.body.status, 'pending', 'nothing is paid on the page’s word');
    const answer = (await (await status(handler, secret)).json()) as { status: string; pspReference: string };
    assert.deepEqual(answer, { status: 'completed', sessionId: session.id, pspReference: paid['pspReference'] });
    assert.equal(store.get('ord-1')?.answer.body.status, 'paid');
    assert.equal(store.get('ord-1')?.order.paymentReference, paid['pspReference']);
  });

  test('a refused payment leaves the session active and the order unpaid', async () => {
    const { handler, store } = sandboxShop();
    const secret = await recordOrder(handler, anOrder({ method: 'adyen' }));
    const session = (await (await openSession(handler, secret)).json()) as { id: string; sessionData: string };
    const refused = await payAtAdyen(handler, session, 'sbx_enc_refused');
    assert.deepEqual([refused['resultCode'], refused['refusalReason']], ['Refused', 'Refused']);
    assert.equal(((await (await status(handler, secret)).json()) as { status: string }).status, 'active');
    assert.equal(store.get('ord-1')?.answer.body.status, 'pending');
  });

  test('an order without a session is unknown-order: nothing was charged', async () => {
    const { handler } = sandboxShop();
    const secret = await recordOrder(handler, anOrder({ method: 'adyen' }));
    const response = await status(handler, secret);
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { error: 'unknown-order' });
  });
});

describe('one payment per order across card processors', () => {
  test('Stripe is refused once Adyen took the money, naming Adyen', async () => {
    const { handler } = sandboxShop();
    const secret = await recordOrder(handler, anOrder({ method: 'adyen' }));
    const session = (await (await openSession(handler, secret)).json()) as { id: string; sessionData: string };
    await payAtAdyen(handler, session, 'sbx_enc_authorised');
    const stripe = await post(handler, { orderId: 'ord-1' }, { path: '/stripe/payment-intents', secret });
    assert.equal(stripe.status, 409);
    assert.deepEqual(await stripe.json(), { error: 'already-paid', paidWith: 'adyen' });
    const paypal = await post(handler, { orderId: 'ord-1' }, { path: '/paypal/orders', secret });
    assert.deepEqual(await paypal.json(), { error: 'already-paid', paidWith: 'adyen' });
  });

  test('Adyen opens no session for an order PayPal or Stripe already paid', async () => {
    const { handler } = sandboxShop();
    const secret = await recordOrder(handler, anOrder({ method: 'stripe' }));
    const intent = (await (await post(handler, { orderId: 'ord-1' }, { path: '/stripe/payment-intents', secret })).json()) as { clientSecret: string };
    const intentId = intent.clientSecret.split('_secret_')[0]!;
    const confirmed = await handler(new Request(`${ORIGIN}/sandbox/stripe/payment_intents/${intentId}/confirm`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_secret: intent.clientSecret, payment_method: 'pm_card_visa' }),
    }));
    assert.equal(confirmed.status, 200);
    const adyen = await openSession(handler, secret);
    assert.equal(adyen.status, 409);
    assert.deepEqual(await adyen.json(), { error: 'already-paid', paidWith: 'stripe' });
  });
});
