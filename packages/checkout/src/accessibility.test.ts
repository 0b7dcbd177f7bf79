import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import { RelaisCheckout } from './relais-checkout.js';
import './index.js';
import type { ProviderId } from './config.js';
import type { PaymentOutcome, Provider } from './providers/provider.js';
import { inShadow, waitFor } from '../../../test/dom.js';
import { scriptFaults, testEndpoint } from '../../../test/api.js';
import { unreachable } from '../../../test/payments.js';

class SucceedingProvider implements Provider {
  readonly capabilities = { needsMountPoint: true, ownsPayButton: false, needsMerchantApi: false };
  constructor(readonly id: ProviderId) {}
  async load(): Promise<void> {}
  async mount(target: HTMLElement | undefined): Promise<void> {
    target!.innerHTML = '<label>Card number <input autocomplete="cc-number"></label>';
  }
  async pay(): Promise<PaymentOutcome> {
    return { status: 'succeeded', reference: 'pi_123' };
  }
  destroy(): void {}
}

class SucceedingCheckout extends RelaisCheckout {
  protected override createProvider(id: ProviderId): Provider {
    return new SucceedingProvider(id);
  }
}
customElements.define('succeeding-checkout', SucceedingCheckout);

for (const lang of ['fr', 'en']) {
  describe(`accessibility (${lang})`, () => {
    const bank = () => fixture<RelaisCheckout>(html`<relais-checkout amount="4990" currency="EUR" lang=${lang}
      endpoint=${testEndpoint()} bank-iban="FR1420041010050500013M02606" bank-beneficiary="Relais Démo SARL"></relais-checkout>`);

    it('has no axe violation while choosing', async () => {
      const element = await bank();
      await waitFor(() => inShadow(element, '.hint'));
      await expect(element).to.be.accessible();
    });

    it('has no axe violation in the configuration error state', async () => {
      const original = console.error;
      console.error = () => {};
      try {
        const element = await fixture<RelaisCheckout>(html`<relais-checkout amount="-1" currency="EUR" lang=${lang}></relais-checkout>`);
        expect(inShadow(element, '[part="error"]')).to.exist;
        await expect(element).to.be.accessible();
      } finally {
        console.error = original;
      }
    });

    it('has no axe violation once the order is pending payment', async () => {
      const element = await bank();
      (await waitFor(() => inShadow<HTMLButtonElement>(element, '[part="pay-button"]:not([disabled])'))).click();
      await waitFor(() => inShadow(element, '[part="result"]'));
      await expect(element).to.be.accessible();
    });

    it('has no axe violation when the order is kept on the device', async () => {
      const endpoint = testEndpoint();
      await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: unreachable });
      const element = await fixture<RelaisCheckout>(html`<relais-checkout amount="4990" currency="EUR" lang=${lang}
        endpoint=${endpoint} bank-iban="FR1420041010050500013M02606" bank-beneficiary="Relais Démo SARL"></relais-checkout>`);
      (await waitFor(() => inShadow<HTMLButtonElement>(element, '[part="pay-button"]:not([disabled])'))).click();
      await waitFor(() => inShadow(element, '[part="result"].queued'), 6000);
      await expect(element).to.be.accessible();
    });

    it('has no axe violation when every method is down and the order can be reserved', async () => {
      const element = await fixture<RelaisCheckout>(html`<relais-checkout amount="4990" currency="EUR" lang=${lang}
        endpoint=${testEndpoint()} stripe-key="pk_test_1" providers="stripe" load-timeout="100" offline-orders></relais-checkout>`);
      await waitFor(() => inShadow(element, '[role="alert"] ~ [part="pay-button"]'), 6000);
      await expect(element).to.be.accessible();
    });

    it('has no axe violation once paid', async () => {
      const element = await fixture<SucceedingCheckout>(html`<succeeding-checkout amount="4990" currency="EUR" lang=${lang}
        stripe-key="pk_test_1" providers="stripe"></succeeding-checkout>`);
      const button = await waitFor(() => inShadow<HTMLButtonElement>(element, '[part="pay-button"]:not([disabled])'));
      button.click();
      await waitFor(() => inShadow(element, '[part="result"].succeeded'));
      await expect(element).to.be.accessible();
    });
  });
}

describe('two checkouts on one page', () => {
  it('pass axe (landmark-unique included): the element is a named group, not a second landmark with the same name', async () => {
    const page = await fixture<HTMLElement>(html`<main>
      <relais-checkout amount="4990" currency="EUR" lang="fr" endpoint=${testEndpoint()}
        bank-iban="FR1420041010050500013M02606" bank-beneficiary="Relais Démo SARL"></relais-checkout>
      <relais-checkout amount="1500" currency="EUR" lang="fr" endpoint=${testEndpoint()}
        bank-iban="FR1420041010050500013M02606" bank-beneficiary="Relais Démo SARL"></relais-checkout>
    </main>`);
    const checkouts = [...page.querySelectorAll<RelaisCheckout>('relais-checkout')];
    for (const element of checkouts) await waitFor(() => inShadow(element, '.hint'));
    for (const element of checkouts) expect(inShadow(element, '[part="base"]')!.getAttribute('role')).to.equal('group');
    await expect(page).to.be.accessible();
  });
});
