import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Stripe from 'stripe';
// The server's own test helpers and live gateways, compiled: these tests drive the product against the lab's fakes.
import { ORIGIN, post } from '../../../server/dist/fixtures.js';
import { createRelaisHandler, openOrderStore } from '@relais/server';
import { databaseOf } from '../../../server/dist/order-store.js';
import { recording, type Exchange } from '../spec-fixtures.js';
import { liveStripeGateway, stripeClient } from '../../../server/dist/stripe/live-gateway.js';
import { formParams, stripeFields, stripeFixture, stripeObjectProblems, stripeUnion } from '../stripe-spec-fixtures.js';
import { intentEvent } from './stripe-json.js';
import { sandboxStripe } from './stripe-psp.js';
import { sandboxStripeRest } from './stripe-rest.js';
import { sandboxStripeRoutes } from './stripe-routes.js';

// Stripe publishes example objects (fixtures3.json) and its package's types; no OpenAPI subset
// fits in the repository, so objects are checked field by field against both.
const ERROR_TYPES = stripeUnion('Types', '', 'RawErrorType');
const ERROR_CODES = stripeUnion('PaymentIntents', 'PaymentIntent.LastPaymentError', 'Code');
const ERROR_FIELDS = stripeFields('Types', 'StripeRawError');
const SECRET_KEY = 'sk_test_sandboxFidelity';
const WEBHOOK_SECRET = 'whsec_sandboxFidelity';

type Json = Record<string, unknown>;

const intentProblems = (intent: unknown) => stripeObjectProblems(intent as Json, 'payment_intent', 'PaymentIntents', 'PaymentIntent');

/** An error answer as Stripe documents it: `{error}` with a known type, a documented code, only StripeRawError's fields. */
function errorProblems(body: unknown): string[] {
  const error = (body as { error?: Json }).error;
  if (!error) return ['no error object'];
  const problems: string[] = [];
  if (!ERROR_TYPES.has(String(error['type']))) problems.push(`type ${String(error['type'])} is not a Stripe error type`);
  if (error['code'] !== undefined && !ERROR_CODES.has(String(error['code']))) problems.push(`code ${String(error['code'])} is not a documented code`);
  for (const key of Object.keys(error)) if (!ERROR_FIELDS.has(key)) problems.push(`${key} is not a field of Stripe's error`);
  if (error['payment_intent'] !== undefined) problems.push(...intentProblems(error['payment_intent']).map((problem) => `payment_intent: ${problem}`));
  return problems;
}

/** Every answer of the REST façade: intents and errors as documented. */
function assertAnswersConform(exchanges: Exchange[]): void {
  for (const { request, status, body } of exchanges) {
    const what = `${request.method} ${request.url.pathname} -> ${status}`;
    assert.deepEqual(status < 300 ? intentProblems(body) : errorProblems(body), [], what);
  }
}

function setup() {
  const store = openOrderStore();
  const psp = sandboxStripe(databaseOf(store)!);
  const api = recording(sandboxStripeRest(psp));
  const client = stripeClient({ secretKey: SECRET_KEY, fetch: api.fetch, apiBase: 'https://api.stripe.com' });
  return { store, psp, client, gateway: liveStripeGateway(client), exchanges: api.exchanges, fetch: api.fetch };
}

const request = (orderId = 'ord-1', amount = 4990) => ({ orderId, amount, currency: 'EUR', idempotencyKey: `${orderId}:stripe:create` });

/** What Stripe's error was, as the package raised it. */
async function stripeError(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error('Stripe answered no error');
}

describe('Stripe: the live gateway against the sandbox, checked against the stripe package\'s types and Stripe\'s published objects', () => {
  test('the checks refuse what Stripe does not send: an invented field, a missing one, a null that never is, another kind', () => {
    // The two fields the package declares that the example (an older API version) predates.
    const example: Json = { ...stripeFixture('payment_intent'), allowed_payment_method_types: null, payment_record: null };
    assert.deepEqual(intentProblems(example), []);
    assert.deepEqual(intentProblems({ ...example, orderId: 'ord-1' }), ['orderId is not a field of PaymentIntent']);
    const { livemode: _livemode, ...missing } = example;
    assert.deepEqual(intentProblems(missing), ['livemode is missing (the package declares it always present)']);
    assert.deepEqual(intentProblems({ ...example, status: null }), ['status is null, which PaymentIntent.status never is']);
    assert.deepEqual(intentProblems({ ...example, amount: '4990' }), ['amount is string, Stripe\'s example has number']);
    assert.deepEqual(errorProblems({ error: { type: 'card_error', code: 'card_refused', message: 'x' } }), ['code card_refused is not a documented code']);
  });

  test('every request the gateway sends names only the package\'s parameters, with an Idempotency-Key on each write that needs one', async () => {
    const { gateway, exchanges } = setup();
    const created = await gateway.createOrUpdateIntent(request());
    await gateway.createOrUpdateIntent({ ...request(), intentId: created.id, amount: 5990 });
    await gateway.retrieve(created.id);
    await gateway.cancel(created.id, 'ord-1:stripe:cancel');
    const create = stripeFields('PaymentIntents', 'PaymentIntentCreateParams');
    const update = stripeFields('PaymentIntents', 'PaymentIntentUpdateParams');
    const example = stripeFixture('payment_intent');
    const operations = exchanges.map(({ request: sent }) => `${sent.method} ${sent.url.pathname.replace(created.id, '{id}')}`);
    assert.deepEqual(operations, ['POST /v1/payment_intents', 'GET /v1/payment_intents/{id}', 'POST /v1/payment_intents/{id}', 'GET /v1/payment_intents/{id}', 'POST /v1/payment_intents/{id}/cancel']);
    for (const { request: sent } of exchanges) {
      assert.match(sent.headers.get('authorization') ?? '', /^Bearer sk_test_/);
      assert.ok(sent.headers.get('stripe-version'), 'the package pins its API version');
      const params = formParams(sent.body);
      const known = sent.url.pathname === '/v1/payment_intents' ? create : update;
      if (!sent.url.pathname.endsWith('/cancel')) for (const name of params.keys()) assert.ok(known.has(name), `${name} is a parameter of ${sent.url.pathname}`);
      // Parameters that are also fields of the intent carry the example's kind (form values are strings).
      if (params.has('amount')) {
        assert.equal(typeof example['amount'], 'number');
        assert.match(params.get('amount')![0]!, /^amount=\d+$/);
      }
      if (params.has('currency')) assert.match(params.get('currency')![0]!, /^currency=[a-z]{3}$/);
    }
    assert.deepEqual(formParams(exchanges[0]!.request.body).get('automatic_payment_methods'), ['automatic_payment_methods[enabled]=true']);
    assert.deepEqual(formParams(exchanges[0]!.request.body).get('metadata'), ['metadata[orderId]=ord-1']);
    assert.equal(exchanges[0]!.request.headers.get('idempotency-key'), 'ord-1:stripe:create');
    assert.equal(exchanges.at(-1)!.request.headers.get('idempotency-key'), 'ord-1:stripe:cancel');
    assertAnswersConform(exchanges);
  });

  test('every PaymentIntent the sandbox answers (created, paid, awaiting 3-D Secure, declined, canceled) has exactly the package\'s fields', async () => {
    const { client, exchanges } = setup();
    for (const [orderId, paymentMethod] of [['ord-paid', 'pm_card_visa'], ['ord-3ds', 'pm_card_authenticationRequired'], ['ord-declined', 'pm_card_visa_chargeDeclined']] as const) {
      const intent = await client.paymentIntents.create({ amount: 4990, currency: 'eur', metadata: { orderId } }, { idempotencyKey: orderId });
      await client.paymentIntents.confirm(intent.id, { payment_method: paymentMethod, return_url: 'https://shop.test/pay' }).catch(() => undefined);
      await client.paymentIntents.retrieve(intent.id);
    }
    const statuses = exchanges.filter((exchange) => exchange.status === 200).map((exchange) => (exchange.body as Stripe.PaymentIntent).status);
    assert.deepEqual(new Set(statuses), new Set(['requires_payment_method', 'succeeded', 'requires_action']));
    const awaiting = exchanges.find((exchange) => (exchange.body as Stripe.PaymentIntent).status === 'requires_action')!.body as Stripe.PaymentIntent;
    assert.equal(awaiting.next_action?.type, 'redirect_to_url');
    assertAnswersConform(exchanges);
  });

  test('a decline answers 402 card_error card_declined with its decline_code; the intent keeps it in last_payment_error with the PaymentMethod', async () => {
    const { client, exchanges } = setup();
    const intent = await client.paymentIntents.create({ amount: 4990, currency: 'eur', metadata: { orderId: 'ord-1' } });
    const declined = await stripeError(client.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds' }));
    assert.deepEqual([declined.type, declined.statusCode, declined.code, declined.decline_code], ['StripeCardError', 402, 'card_declined', 'insufficient_funds']);
    const after = await client.paymentIntents.retrieve(intent.id);
    assert.equal(after.status, 'requires_payment_method');
    assert.deepEqual([after.last_payment_error?.type, after.last_payment_error?.code, after.last_payment_error?.payment_method?.object], ['card_error', 'card_declined', 'payment_method']);
    assert.deepEqual(stripeObjectProblems(after.last_payment_error!.payment_method as unknown as Json, 'payment_method', 'PaymentMethods', 'PaymentMethod'), []);
    assertAnswersConform(exchanges);
  });

  test('every error the sandbox answers has a Stripe error type and a code from the package\'s documented list', async () => {
    const { client, exchanges, psp } = setup();
    const paid = await client.paymentIntents.create({ amount: 4990, currency: 'eur', metadata: { orderId: 'ord-1' } }, { idempotencyKey: 'k1' });
    await client.paymentIntents.confirm(paid.id, { payment_method: 'pm_card_visa' });
    const codes = [
      (await stripeError(client.paymentIntents.retrieve('pi_sbxUnknown'))).code,
      (await stripeError(client.paymentIntents.cancel(paid.id))).code,
      (await stripeError(client.paymentIntents.create({ amount: 1, currency: 'eur', metadata: { orderId: 'ord-1' } }, { idempotencyKey: 'k1' }))).type,
      (await stripeError(client.paymentIntents.create({ amount: 1, currency: 'eur', description: 'no' }))).code,
    ];
    assert.deepEqual(codes, ['resource_missing', 'payment_intent_unexpected_state', 'StripeIdempotencyError', 'parameter_unknown']);
    assertAnswersConform(exchanges);
    // The browser stand-in's routes (JSON, not Stripe's form encoding: they are the stand-in's own) answer the same shapes.
    const routes = sandboxStripeRoutes(psp, '');
    const fresh = await client.paymentIntents.create({ amount: 4990, currency: 'eur', metadata: { orderId: 'ord-2' } });
    const confirm = (body: string) =>
      routes.confirm(new Request(`${ORIGIN}/sandbox/stripe/payment_intents/${fresh.id}/confirm`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }), { id: fresh.id });
    const answers = [
      await confirm('[]'),
      await confirm(JSON.stringify({ client_secret: fresh.client_secret, payment_method: 'pm_card_visa', extra: 1 })),
      await confirm(JSON.stringify({ client_secret: fresh.client_secret })),
      await confirm(JSON.stringify({ client_secret: fresh.client_secret, payment_method: 'pm_card_visa', return_url: 'javascript:alert(1)' })),
      await confirm(JSON.stringify({ client_secret: 'wrong', payment_method: 'pm_card_visa' })),
      await confirm(JSON.stringify({ client_secret: fresh.client_secret, payment_method: 'pm_card_visa_chargeDeclined' })),
      await confirm(JSON.stringify({ client_secret: fresh.client_secret, payment_method: 'pm_card_visa' })),
    ];
    assert.deepEqual(answers.map((answer) => answer.status), [400, 400, 400, 400, 404, 402, 200]);
    for (const answer of answers) {
      const body = await answer.json();
      assert.deepEqual(answer.status === 200 ? intentProblems(body) : errorProblems(body), [], `browser confirm -> ${answer.status}`);
    }
  });

  test('the webhook events the sandbox would send are Stripe Events carrying the PaymentIntent', async () => {
    const { psp } = setup();
    const created = psp.create({ amount: 4990, currency: 'EUR', orderId: 'ord-1', idempotencyKey: 'k' });
    assert.ok(created.ok);
    const event = intentEvent(created.intent, 'payment_intent.payment_failed', 'evt_sbx1') as unknown as Json;
    assert.deepEqual(stripeObjectProblems(event, 'event', 'Events', 'EventBase'), []);
    assert.deepEqual(intentProblems((event['data'] as Json)['object']), []);
  });
});

describe('Stripe end to end: the merchant server in live mode, its Stripe calls through the package into the sandbox', () => {
  function liveShop() {
    const { store, psp, client, exchanges, fetch } = setup();
    const handler = createRelaisHandler({ store, stripe: { secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, fetch } });
    const orderStatus = (orderId: string) => store.get(orderId)?.answer.body.status;
    async function deliver(event: unknown): Promise<Response> {
      const payload = JSON.stringify(event);
      const signature = client.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
      return handler(new Request(`${ORIGIN}/stripe/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload }));
    }
    return { handler, psp, client, exchanges, orderStatus, deliver };
  }

  test('create, confirm with a paying card, the signed payment_intent.succeeded: the order is paid, every exchange as documented', async () => {
    const { handler, psp, client, exchanges, orderStatus, deliver } = liveShop();
    const created = await post(handler, { orderId: 'ord-1', amount: 4990, currency: 'EUR' }, { path: '/stripe/payment-intents' });
    assert.equal(created.status, 200);
    const { clientSecret } = (await created.json()) as { clientSecret: string };
    const id = clientSecret.split('_secret_')[0]!;
    // What Stripe.js does in the shopper's browser, with the publishable side's client secret.
    const paid = await client.paymentIntents.confirm(id, { payment_method: 'pm_card_visa', client_secret: clientSecret } as Stripe.PaymentIntentConfirmParams);
    assert.equal(paid.status, 'succeeded');
    const intent = psp.retrieve(id);
    assert.ok(intent.ok);
    assert.equal((await deliver(intentEvent(intent.intent, 'payment_intent.succeeded', 'evt_sbx_paid'))).status, 200);
    assert.equal(orderStatus('ord-1'), 'paid');
    assertAnswersConform(exchanges);
  });

  test('a declined card: card_declined to the shopper, the intent back at requires_payment_method, the order never paid', async () => {
    const { handler, client, exchanges, orderStatus, psp, deliver } = liveShop();
    const created = await post(handler, { orderId: 'ord-2', amount: 4990, currency: 'EUR' }, { path: '/stripe/payment-intents' });
    const { clientSecret } = (await created.json()) as { clientSecret: string };
    const id = clientSecret.split('_secret_')[0]!;
    const declined = await stripeError(client.paymentIntents.confirm(id, { payment_method: 'pm_card_visa_chargeDeclined' }));
    assert.deepEqual([declined.code, declined.decline_code], ['card_declined', 'generic_decline']);
    const intent = psp.retrieve(id);
    assert.ok(intent.ok);
    assert.equal(intent.intent.status, 'requires_payment_method');
    assert.equal((await deliver(intentEvent(intent.intent, 'payment_intent.payment_failed', 'evt_sbx_declined'))).status, 200);
    assert.notEqual(orderStatus('ord-2'), 'paid');
    assertAnswersConform(exchanges);
  });
});
