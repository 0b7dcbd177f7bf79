import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore, type Handler } from '@relais/server';
import { sandbox } from './index.js';
import { get, ORIGIN, post } from '../../../server/dist/fixtures.js';

const BASE = '/checkout';
const RETURN_URL = 'https://shop.test/pay?cart=7';

/** A PaymentIntent waiting for 3-D Secure, and the page URL its next_action points at. */
async function awaitingAuthentication(): Promise<{ handler: Handler; id: string; secret: string; page: string }> {
  const handler = createRelaisHandler({ store: openOrderStore(), basePath: BASE, sandbox });
  const created = await post(handler, { orderId: 'ord-1', amount: 4990, currency: 'EUR' }, { path: `${BASE}/stripe/payment-intents` });
  const secret = ((await created.json()) as { clientSecret: string }).clientSecret;
  const id = secret.split('_secret_')[0]!;
  const confirmed = await post(handler, { client_secret: secret, payment_method: 'pm_card_authenticationRequired', return_url: RETURN_URL }, {
    path: `${BASE}/sandbox/stripe/payment_intents/${id}/confirm`, key: null,
  });
  const intent = (await confirmed.json()) as { next_action: { redirect_to_url: { url: string } } };
  return { handler, id, secret, page: intent.next_action.redirect_to_url.url };
}

/** Submits the page's form as a browser would: urlencoded, the pressed button's name=value included. */
function press(handler: Handler, id: string, secret: string, result: string): Promise<Response> {
  return handler(new Request(`${ORIGIN}${BASE}/sandbox/stripe/3ds/${id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_secret: secret, result }).toString(),
  }));
}

async function statusOf(handler: Handler, id: string, secret: string) {
  const response = await get(handler, `${BASE}/sandbox/stripe/payment_intents/${id}?client_secret=${encodeURIComponent(secret)}`);
  return (await response.json()) as { status: string; last_payment_error: { code: string } | null };
}

describe('the sandbox 3-D Secure page', () => {
  test('is a plain HTML page titled "3-D Secure (sandbox)" with the two buttons and no script', async () => {
    const { handler, page } = await awaitingAuthentication();
    const response = await get(handler, page);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /form-action 'self' https:\/\/shop\.test/);
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    const html = await response.text();
    assert.match(html, /<title>3-D Secure \(sandbox\)<\/title>/);
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<form method="post"/);
    assert.match(html, /<button type="submit" name="result" value="complete">Complete authentication<\/button>/);
    assert.match(html, /<button type="submit" name="result" value="fail">Fail authentication<\/button>/);
    assert.match(html, /€49\.90/);
    assert.doesNotMatch(html, /<script|\sstyle=|\son[a-z]+=/i);
  });

  test('Complete authentication redirects to return_url with payment_intent, its secret and redirect_status=succeeded', async () => {
    const { handler, id, secret } = await awaitingAuthentication();
    const response = await press(handler, id, secret, 'complete');
    assert.equal(response.status, 303);
    const location = new URL(response.headers.get('location')!);
    assert.equal(`${location.origin}${location.pathname}`, 'https://shop.test/pay');
    assert.deepEqual(Object.fromEntries(location.searchParams), {
      cart: '7', payment_intent: id, payment_intent_client_secret: secret, redirect_status: 'succeeded',
    });
    assert.equal((await statusOf(handler, id, secret)).status, 'succeeded');
  });

  test('Fail authentication redirects with redirect_status=failed and leaves the intent payable again', async () => {
    const { handler, id, secret } = await awaitingAuthentication();
    const response = await press(handler, id, secret, 'fail');
    assert.equal(response.status, 303);
    const location = new URL(response.headers.get('location')!);
    assert.equal(location.searchParams.get('redirect_status'), 'failed');
    assert.equal(location.searchParams.get('payment_intent'), id);
    const intent = await statusOf(handler, id, secret);
    assert.equal(intent.status, 'requires_payment_method');
    assert.equal(intent.last_payment_error?.code, 'payment_intent_authentication_failure');
  });

  test('pressing again after the outcome (back button) redirects with the same outcome, changing nothing', async () => {
    const { handler, id, secret } = await awaitingAuthentication();
    await press(handler, id, secret, 'complete');
    const again = await press(handler, id, secret, 'fail');
    assert.equal(new URL(again.headers.get('location')!).searchParams.get('redirect_status'), 'succeeded');
    assert.equal((await statusOf(handler, id, secret)).status, 'succeeded');
  });

  test('without the client secret the page and the form answer 404 and nothing changes', async () => {
    const { handler, id, secret, page } = await awaitingAuthentication();
    const forged = page.replace(/client_secret=[^&]+/, 'client_secret=pi_x_secret_y');
    assert.equal((await get(handler, forged)).status, 404);
    assert.equal((await press(handler, id, `${id}_secret_forged`, 'complete')).status, 404);
    assert.equal((await statusOf(handler, id, secret)).status, 'requires_action');
  });

  test('a return_url other than the one given at confirm is refused: the page redirects nowhere else', async () => {
    const { handler, page } = await awaitingAuthentication();
    const elsewhere = page.replace(/return_url=[^&]+/, `return_url=${encodeURIComponent('https://evil.test/')}`);
    assert.equal((await get(handler, elsewhere)).status, 400);
  });

  test('an answer that is neither button is refused with 400', async () => {
    const { handler, id, secret } = await awaitingAuthentication();
    assert.equal((await press(handler, id, secret, 'maybe')).status, 400);
  });
});
