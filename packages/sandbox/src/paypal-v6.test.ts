/** The PayPal v6 stand-in through the real `loadCoreSdkScript`, its instance and `<paypal-button>`. */
import { expect } from '@open-wc/testing';
import { type PayPalV6Namespace, loadCoreSdkScript } from '@paypal/paypal-js/sdk-v6';
import { sendKeys } from '@web/test-runner-commands';
import { configureSandbox } from './index.js';
import { providerRequestCount, resetProviderRoutes, routeProvider } from './testing/routes.js';

const API = '/sandbox-paypal';
const pending = <T>(promise: Promise<T>, ms: number): Promise<T | 'pending'> =>
  Promise.race([promise, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms))]);

function forgetPayPal(): void {
  delete (window as { paypal?: unknown }).paypal;
  document.querySelectorAll('script[src*="/web-sdk/v6/core"]').forEach((script) => script.remove());
}

describe('PayPal v6 stand-in', () => {
  let paypal: PayPalV6Namespace;
  const instance = () => paypal.createInstance({ clientId: 'sandbox-client', components: ['paypal-payments'], pageType: 'checkout' });

  before(async () => {
    await routeProvider('paypal', 'stand-in');
    const loaded = await loadCoreSdkScript({ environment: 'production' });
    if (!loaded) throw new Error('loadCoreSdkScript resolved null');
    paypal = loaded;
  });
  after(() => resetProviderRoutes());
  beforeEach(() => configureSandbox({ apiBase: API }));

  it('loadCoreSdkScript resolves to the stand-in, whose version starts with "6"', () => {
    expect(paypal.version.startsWith('6')).to.equal(true);
    expect(typeof paypal.createInstance).to.equal('function');
    expect(document.querySelector('script[src="https://www.paypal.com/web-sdk/v6/core"]')).to.not.equal(null);
  });

  it('the sandbox environment URL is answered with the stand-in too', async () => {
    forgetPayPal();
    const before = (await providerRequestCount()).paypal;
    const loaded = await loadCoreSdkScript({ environment: 'sandbox' });
    expect(loaded?.version).to.match(/^6\./);
    expect((await providerRequestCount()).paypal - before).to.equal(1);
    expect(document.querySelector('script[src="https://www.sandbox.paypal.com/web-sdk/v6/core"]')).to.not.equal(null);
    paypal = loaded!;
  });

  it('findEligibleMethods says PayPal is eligible, and nothing else', async () => {
    const methods = await (await instance()).findEligibleMethods({ currencyCode: 'EUR', amount: '49.90' });
    expect(methods.isEligible('paypal')).to.equal(true);
    expect(methods.isEligible('venmo')).to.equal(false);
    expect(methods.getDetails('paypal')).to.deep.equal({ canBeVaulted: false });
  });

  it('fault ineligible makes PayPal ineligible', async () => {
    configureSandbox({ apiBase: API, paypal: { fault: 'ineligible' } });
    const methods = await (await instance()).findEligibleMethods({ currencyCode: 'EUR', amount: '49.90' });
    expect(methods.isEligible('paypal')).to.equal(false);
  });

  it('fault api-5xx makes findEligibleMethods reject with a recoverable PayPalError', async () => {
    configureSandbox({ apiBase: API, paypal: { fault: 'api-5xx' } });
    const error = await (await instance()).findEligibleMethods().then(
      () => null,
      (e: Error & { code: string; isRecoverable: boolean }) => e,
    );
    expect(error).to.include({ name: 'PayPalError', code: 'ERR_ELIGIBILITY', isRecoverable: true });
  });

  it('fault api-timeout makes findEligibleMethods hang for timeoutMs, then reject', async () => {
    configureSandbox({ apiBase: API, paypal: { fault: 'api-timeout', timeoutMs: 500 } });
    const eligibility = (await instance()).findEligibleMethods().then(
      () => 'resolved',
      () => 'rejected',
    );
    expect(await pending(eligibility, 250)).to.equal('pending');
    expect(await eligibility).to.equal('rejected');
  });

  it('fault slow delays createInstance by slowMs', async () => {
    configureSandbox({ apiBase: API, paypal: { fault: 'slow', slowMs: 400 } });
    const started = performance.now();
    await instance();
    expect(performance.now() - started).to.be.at.least(400);
  });

  it('createInstance rejects without a client id or without the paypal-payments component', async () => {
    const noComponent = await paypal.createInstance({ clientId: 'x', components: ['venmo-payments'] }).catch((e: Error) => e);
    expect(noComponent).to.be.instanceOf(Error);
    const noClient = await paypal
      .createInstance({ clientId: '', components: ['paypal-payments'] })
      .catch((e: Error) => e);
    expect(noClient).to.be.instanceOf(Error);
  });

  describe('<paypal-button>', () => {
    let button: HTMLElement & { disabled?: boolean; type?: string };
    let clicks: number;

    beforeEach(() => {
      button = document.createElement('paypal-button');
      clicks = 0;
      button.addEventListener('click', () => (clicks += 1));
      document.body.append(button);
    });
    afterEach(() => button.remove());

    it('is a focusable button named "PayPal"', () => {
      expect(customElements.get('paypal-button')).to.not.equal(undefined);
      expect(button.getAttribute('role')).to.equal('button');
      expect(button.getAttribute('tabindex')).to.equal('0');
      expect(button.hasAttribute('aria-label')).to.equal(false);
      expect(button.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim().endsWith('PayPal')).to.equal(true);
      button.focus();
      expect(document.activeElement).to.equal(button);
    });

    it('is activated from the keyboard with Enter and with Space', async () => {
      button.focus();
      await sendKeys({ press: 'Enter' });
      expect(clicks).to.equal(1);
      await sendKeys({ press: 'Space' });
      expect(clicks).to.equal(2);
    });

    it('when disabled, leaves the tab order and never reaches the merchant click listener', async () => {
      button.disabled = true;
      expect(button.getAttribute('aria-disabled')).to.equal('true');
      expect(button.hasAttribute('tabindex')).to.equal(false);
      button.click();
      expect(clicks).to.equal(0);
    });

    it('type="pay" reads "Pay with PayPal"', () => {
      button.type = 'pay';
      expect(button.shadowRoot?.textContent).to.contain('Pay with PayPal');
    });
  });
});
