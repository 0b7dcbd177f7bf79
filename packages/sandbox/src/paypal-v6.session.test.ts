/**
 * The PayPal one-time payment session of the stand-in: approval (auto, cancel, or the in-page
 * dialog) recorded on the README's fake PayPal API, answered in the page by a fetch wrapper.
 */
import { expect } from '@open-wc/testing';
import {
  type OnApproveDataOneTimePayments,
  type OnErrorData,
  type PayPalV6Namespace,
  loadCoreSdkScript,
} from '@paypal/paypal-js/sdk-v6';
import { sendKeys } from '@web/test-runner-commands';
import { type SandboxConfig, configureSandbox } from './index.js';
import { type FakeApi, type FakeAnswer, fakeApi } from './testing/fake-api.js';
import { resetProviderRoutes, routeProvider } from './testing/routes.js';

const API = '/sandbox-paypal-session';
const ORDER = '5O190127TN364715T';

async function waitFor<T>(probe: () => T | null | undefined, ms = 3000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (performance.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('PayPal stand-in one-time payment session', () => {
  let paypal: PayPalV6Namespace;
  let api: FakeApi;
  let calls: string[];
  let approved: OnApproveDataOneTimePayments[];
  let errors: OnErrorData[];

  /** A session of a fresh instance, with every callback recorded; `start` runs one checkout. */
  async function checkout(paypalConfig: SandboxConfig['paypal'], answer: (() => FakeAnswer) | null = null, order = () => Promise.resolve({ orderId: ORDER })) {
    configureSandbox({ apiBase: API, paypal: paypalConfig });
    if (answer) {
      api.restore();
      api = fakeApi(API, answer);
    }
    const sdk = await paypal.createInstance({ clientId: 'sandbox-client', components: ['paypal-payments'] });
    await sdk.findEligibleMethods({ currencyCode: 'EUR', amount: '49.90' });
    const session = sdk.createPayPalOneTimePaymentSession({
      onApprove: async (data) => {
        calls.push('approve');
        approved.push(data);
      },
      onCancel: (data) => void calls.push(`cancel:${data.orderId}`),
      onError: (error) => {
        calls.push('error');
        errors.push(error);
      },
      onComplete: ({ paymentSessionState }) => void calls.push(`complete:${paymentSessionState}`),
    });
    return { session, done: session.start({ presentationMode: 'auto' }, order()) };
  }

  before(async () => {
    await routeProvider('paypal', 'stand-in');
    paypal = (await loadCoreSdkScript({ environment: 'sandbox' }))!;
  });
  after(() => resetProviderRoutes());
  beforeEach(() => {
    calls = [];
    approved = [];
    errors = [];
    api = fakeApi(API, () => ({ status: 200, body: { id: ORDER, status: 'APPROVED' } }));
  });
  afterEach(() => {
    api.restore();
    document.querySelectorAll('dialog').forEach((dialog) => dialog.remove());
  });

  it('auto approval records the approval on the fake API, then calls onApprove with the order id', async () => {
    const { done } = await checkout({ approval: 'auto' });
    await done;
    expect(api.handled.map(({ method, url, body }) => [method, url, body])).to.deep.equal([
      ['POST', `${API}/paypal/orders/${ORDER}/approve`, '{}'],
    ]);
    expect(approved).to.deep.equal([{ orderId: ORDER, payerId: 'SBXPAYER', fundingSource: 'paypal' }]);
    expect(calls).to.deep.equal(['approve', 'complete:approved']);
  });

  it('fault decline forwards {fault: "decline"} with the approval, for the server to decline at capture', async () => {
    const { done } = await checkout({ approval: 'auto', fault: 'decline' });
    await done;
    expect(JSON.parse(api.handled[0]!.body)).to.deep.equal({ fault: 'decline' });
    expect(calls).to.deep.equal(['approve', 'complete:approved']);
  });

  it('cancel approval calls onCancel with the order id and approves nothing', async () => {
    const { done } = await checkout({ approval: 'cancel' });
    await done;
    expect(calls).to.deep.equal([`cancel:${ORDER}`, 'complete:canceled']);
    expect(api.handled).to.have.length(0);
  });

  it('manual approval asks in a labelled modal dialog; Approve approves', async () => {
    const { done } = await checkout({ approval: 'manual' });
    const dialog = await waitFor(() => document.querySelector('dialog'));
    expect(dialog.open).to.equal(true);
    const title = document.getElementById(dialog.getAttribute('aria-labelledby') ?? '');
    expect(title?.textContent).to.equal('PayPal sandbox: approve payment of €49.90?');
    expect(document.activeElement?.textContent).to.equal('Approve');
    await sendKeys({ press: 'Enter' });
    await done;
    expect(calls).to.deep.equal(['approve', 'complete:approved']);
    expect(document.querySelector('dialog')).to.equal(null);
  });

  it('manual approval: Escape is the shopper cancelling', async () => {
    const { done } = await checkout({ approval: 'manual' });
    await waitFor(() => document.querySelector('dialog'));
    await sendKeys({ press: 'Escape' });
    await done;
    expect(calls).to.deep.equal([`cancel:${ORDER}`, 'complete:canceled']);
  });

  it('session.cancel() closes the dialog and reports a cancel', async () => {
    const { session, done } = await checkout({ approval: 'manual' });
    await waitFor(() => document.querySelector('dialog'));
    session.cancel();
    await done;
    expect(calls).to.deep.equal([`cancel:${ORDER}`, 'complete:canceled']);
    expect(document.querySelector('dialog')).to.equal(null);
  });

  it('an approval the fake API refuses goes to onError, never to onApprove', async () => {
    const { done } = await checkout({ approval: 'auto' }, () => ({ status: 500 }));
    await done;
    expect(calls).to.deep.equal(['error', 'complete:error']);
    expect(errors[0]).to.include({ code: 'ERR_APPROVE', isRecoverable: true });
  });

  it('a rejected order promise goes to onError', async () => {
    const { done } = await checkout({ approval: 'auto' }, null, () => Promise.reject(new Error('merchant API down')));
    await done;
    expect(calls).to.deep.equal(['error', 'complete:error']);
    expect(errors[0]?.code).to.equal('ERR_CREATE_ORDER');
  });

  it('start() without an order rejects, and a second start() while one runs rejects', async () => {
    const { session } = await checkout({ approval: 'manual' });
    const second = await session.start({ presentationMode: 'auto' }, Promise.resolve({ orderId: ORDER })).catch((e: OnErrorData) => e);
    expect(second).to.include({ code: 'ERR_SESSION_ACTIVE' });
    session.destroy();
    const sdk = await paypal.createInstance({ clientId: 'c', components: ['paypal-payments'] });
    const bare = sdk.createPayPalOneTimePaymentSession({ onApprove: async () => undefined });
    expect(await bare.start({ presentationMode: 'auto' }).catch((e: OnErrorData) => e)).to.include({ code: 'ERR_NO_ORDER' });
  });
});
