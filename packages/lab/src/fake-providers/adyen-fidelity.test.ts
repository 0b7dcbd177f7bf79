import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import adyenLibrary from '@adyen/api-library';
import { createRelaisHandler, openOrderStore } from '@relais/server';
import { ProviderError } from '@relais/server/provider-kit';
import { liveAdyenGateway } from '../../../server/dist/adyen/live-gateway.js';
import { anOrder, ORIGIN, recordOrder } from '../../../server/dist/fixtures.js';
import { databaseOf } from '../../../server/dist/order-store.js';
import { backendOf } from '../../../server/dist/store-backend.js';
import { assertConforms, openApiSpec, recording, validateAgainst, type Exchange } from '../spec-fixtures.js';
import { sandboxAdyen, type SandboxPayment } from './adyen-psp.js';
import { adyenHttpClient, sandboxAdyenRest } from './adyen-rest.js';
import { sandboxAdyenRoutes } from './adyen-routes.js';

// Adyen's own Checkout API v71 and Webhooks v1 documents (test/fixtures/specs/adyen), checked by ajv.
const checkout = openApiSpec('adyen/CheckoutService-v71');
const webhooks = openApiSpec('adyen/Webhooks-v1');

const HMAC_KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';

/** The Checkout operation a request is, as Adyen's document names it. */
function operationOf({ request }: Exchange): string | undefined {
  const path = request.url.pathname;
  // `@adyen/api-library` 32 calls v72; its sessions bodies are v71's, the document the tests hold.
  if (/^\/v7[12]\/sessions$/.test(path) && request.method === 'POST') return 'post-sessions';
  if (/^\/v7[12]\/sessions\/[^/]+$/.test(path) && request.method === 'GET') return 'get-sessions-sessionId';
  return undefined;
}

/** Every request validates as its operation's request body, every answer as its documented response (or Adyen's ServiceError). */
function assertExchangesConform(exchanges: Exchange[]): number {
  for (const exchange of exchanges) {
    const { request, status, body } = exchange;
    const operation = operationOf(exchange);
    assert.ok(operation, `${request.method} ${request.url.pathname} is a documented operation`);
    assert.match(request.headers.get('x-api-key') ?? '', /^AQE/, `${operation} carries the API key`);
    if (request.method === 'POST') {
      assertConforms(checkout, { operation, request: true }, JSON.parse(request.body), `${operation} request`);
      assert.match(request.headers.get('idempotency-key') ?? '', /:adyen:create:\d+$/, `${operation} carries an Idempotency-Key`);
    }
    if (status < 300) assertConforms(checkout, { operation, status }, body, `${operation} answer ${status}`);
    else assertConforms(checkout, { schema: 'ServiceError' }, body, `${operation} error ${status}`);
  }
  return exchanges.length;
}

function setup() {
  const psp = sandboxAdyen(databaseOf(openOrderStore())!);
  const api = recording(sandboxAdyenRest(psp));
  const gateway = liveAdyenGateway({ apiKey: 'AQE_test_sandbox', merchantAccount: 'RelaisECOM', environment: 'test', httpClient: adyenHttpClient(api.fetch) });
  return { psp, gateway, exchanges: api.exchanges, routes: sandboxAdyenRoutes(psp, '') };
}

const aSession = (orderId = 'ord-1') => ({ orderId, amount: 4990, currency: 'EUR', returnUrl: 'https://shop.test/checkout', idempotencyKey: `${orderId}:adyen:create:1` });

/** What the AdyenWeb stand-in posts to the session's payments (a test token, never a card). */
async function pay(routes: ReturnType<typeof setup>['routes'], session: { id: string; sessionData: string }, token: string) {
  const response = await routes.payments(
    new Request('https://sandbox.test/payments', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionData: session.sessionData, paymentMethod: { type: 'scheme', encryptedCardNumber: token } }) }),
    { id: session.id },
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * The Sessions flow's payments answer is the client-side API's (checkoutshopper), which adds the
 * session's own `sessionData`/`sessionResult` to Adyen's PaymentResponse; the rest must be the
 * documented PaymentResponse.
 */
function paymentResponseOf(body: Record<string, unknown>): Record<string, unknown> {
  const { sessionData: _data, sessionResult: _result, ...rest } = body;
  return rest;
}

/** A signed AUTHORISATION notification for a sandbox payment, as Adyen sends it. */
function authorisationOf(payment: SandboxPayment, reference: string): Record<string, unknown> {
  const fields = {
    amount: { currency: payment.currency, value: payment.amount },
    eventCode: 'AUTHORISATION',
    eventDate: '2026-12-06T12:00:00+01:00',
    merchantAccountCode: 'RelaisECOM',
    merchantReference: reference,
    paymentMethod: 'visa',
    pspReference: payment.pspReference,
    reason: '033899:1111:03/2030',
    success: 'true',
  };
  const hmacSignature = new adyenLibrary.hmacValidator().calculateHmac(fields as never, HMAC_KEY);
  return { live: 'false', notificationItems: [{ NotificationRequestItem: { ...fields, additionalData: { hmacSignature } } }] };
}

describe('Adyen: the live gateway against the sandbox, checked against Adyen\'s Checkout v71 and Webhooks v1 documents', () => {
  test('the checks refuse what the documents do not allow: a missing required field, an invented field, an unknown session status', () => {
    const good = { amount: { value: 4990, currency: 'EUR' }, expiresAt: '2026-12-06T13:00:00Z', id: 'CS1', merchantAccount: 'M', reference: 'ord-1', returnUrl: 'https://x.test', sessionData: 'd' };
    assert.deepEqual(validateAgainst(checkout, { operation: 'post-sessions', status: 201 }, good), []);
    const { merchantAccount: _missing, ...withoutAccount } = good;
    assert.notDeepEqual(validateAgainst(checkout, { operation: 'post-sessions', status: 201 }, withoutAccount), []);
    assert.notDeepEqual(validateAgainst(checkout, { operation: 'post-sessions', status: 201 }, { ...good, sessionResult: 'x' }), []);
    assert.notDeepEqual(validateAgainst(checkout, { operation: 'get-sessions-sessionId', status: 200 }, { id: 'CS1', status: 'paid' }), []);
    assert.notDeepEqual(validateAgainst(checkout, { operation: 'post-payments', status: 200 }, { resultCode: 'Authorised', sessionResult: 'x' }), []);
  });

  test('a session created, paid with a test card and read back: every request and answer conforms, and the payment comes back', async () => {
    const { gateway, exchanges, routes } = setup();
    const session = await gateway.createSession(aSession());
    const paid = await pay(routes, session, 'sbx_enc_authorised');
    assert.equal(paid.body['resultCode'], 'Authorised');
    assertConforms(checkout, { operation: 'post-payments', status: 200 }, paymentResponseOf(paid.body), 'the payments answer');
    const result = await gateway.sessionResult(session.id, String(paid.body['sessionResult']));
    assert.deepEqual(result, {
      status: 'completed', reference: 'ord-1',
      payments: [{ pspReference: paid.body['pspReference'], resultCode: 'Authorised', amount: { value: 4990, currency: 'EUR' } }],
    });
    // The retry of a create under the same key is the same session (Adyen's idempotency).
    assert.equal((await gateway.createSession(aSession())).id, session.id);
    assert.equal(assertExchangesConform(exchanges), 3);
  });

  test('a refusal and a 3-D Secure redirect then its details: Adyen\'s PaymentResponse, with a documented redirect action', async () => {
    const { gateway, routes, psp } = setup();
    const session = await gateway.createSession(aSession());
    const refused = await pay(routes, session, 'sbx_enc_refused');
    assert.deepEqual([refused.body['resultCode'], refused.body['refusalReason']], ['Refused', 'Refused']);
    assertConforms(checkout, { operation: 'post-payments', status: 200 }, paymentResponseOf(refused.body), 'the refusal');
    const redirect = await pay(routes, session, 'sbx_enc_3ds');
    assert.equal(redirect.body['resultCode'], 'RedirectShopper');
    assertConforms(checkout, { operation: 'post-payments', status: 200 }, paymentResponseOf(redirect.body), 'the redirect');
    assertConforms(checkout, { schema: 'CheckoutRedirectAction' }, redirect.body['action'], 'the redirect action');
    psp.authenticate(String(redirect.body['pspReference']), true);
    const details = await routes.details(
      new Request('https://sandbox.test/details', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ details: { redirectResult: redirect.body['pspReference'] } }) }),
      { id: session.id },
    );
    const detailsBody = (await details.json()) as Record<string, unknown>;
    assert.equal(detailsBody['resultCode'], 'Authorised');
    assertConforms(checkout, { operation: 'post-payments-details', status: 200 }, paymentResponseOf(detailsBody), 'the details answer');
  });

  test('errors in Adyen\'s ServiceError shape: an invalid card token (422), a create replayed with another body (422), an unknown session (404)', async () => {
    const { gateway, exchanges, routes } = setup();
    const session = await gateway.createSession(aSession());
    const invalid = await pay(routes, session, 'not-a-token');
    assert.equal(invalid.status, 422);
    assertConforms(checkout, { operation: 'post-payments', status: 422 }, invalid.body, 'the 422 of payments');
    await assert.rejects(gateway.createSession({ ...aSession(), amount: 1 }), (error: unknown) => error instanceof ProviderError && error.code === '704' && error.status === 422);
    await assert.rejects(gateway.sessionResult('CSSBXUNKNOWN00000', 'result'), (error: unknown) => error instanceof ProviderError && error.status === 404);
    assert.deepEqual(exchanges.map((exchange) => exchange.status), [201, 422, 404]);
    assertExchangesConform(exchanges);
  });

  test('an AUTHORISATION notification for a sandbox payment conforms to post-AUTHORISATION, and the server takes it as Adyen\'s', async () => {
    const { psp, routes } = setup();
    const store = openOrderStore();
    const handler = createRelaisHandler({ store, adyen: { apiKey: 'AQE_test_unused', merchantAccount: 'RelaisECOM', environment: 'test', hmacKey: HMAC_KEY } });
    await recordOrder(handler, anOrder({ method: 'adyen' }));
    const created = psp.createSession({ reference: 'ord-1', amount: { value: 4990, currency: 'EUR' }, returnUrl: 'https://shop.test/checkout' });
    assert.ok(created.ok);
    const sessions = backendOf(store)!.adyenSessions();
    const { attempt } = await sessions.claim('ord-1', 4990, 'EUR');
    await sessions.saveSession('ord-1', attempt, created.value.id, created.value.sessionData);
    const paid = await pay(routes, created.value, 'sbx_enc_authorised');
    const payment = psp.ledger('ord-1')[0]!;
    assert.equal(payment.pspReference, paid.body['pspReference']);
    const notification = authorisationOf({ ...payment, resultCode: 'Authorised', refusalReason: null }, 'ord-1');
    assertConforms(webhooks, { operation: 'post-AUTHORISATION', request: true }, notification, 'the AUTHORISATION notification');
    const response = await handler(new Request(`${ORIGIN}/adyen/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(notification) }));
    assert.equal(await response.text(), '[accepted]');
    // Adyen's document asks only for a 2xx; the `[accepted]` body is what its guides ask for.
    assert.equal(response.status, 200);
    assert.equal((await store.get('ord-1'))?.answer.body.status, 'paid');
  });
});
