/**
 * The element's lifetime bounds what it does: a verification after a lost answer stops when the
 * element leaves the page (its order stays remembered for the next visit), and nothing it started
 * asks the network afterwards.
 */
import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import { defineProvider, FailureKind, RelaisError, type PaymentOutcome, type Provider } from '@relais/checkout';
import type { RelaisCheckout } from '@relais/checkout/relais-checkout.js';
import { verification } from './failover/policy.js';
import { readyToPay, payButton } from '../../../test/checkout.js';
import { testEndpoint } from '../../../test/api.js';
import { watchFetch } from '../../../test/payments.js';
import { waitFor } from '../../../test/dom.js';

let verifications = 0;

/** A method whose answer is always lost, and which can never tell what happened. */
class LostAnswer implements Provider {
  readonly id = 'lost-answer';
  async load(): Promise<void> {}
  async mount(): Promise<void> {}
  async pay(): Promise<PaymentOutcome> {
    return { status: 'outcome-unknown', error: new RelaisError(FailureKind.OutcomeUnknown, 'the answer was lost', { provider: this.id }) };
  }
  async verify(): Promise<PaymentOutcome> {
    verifications++;
    return { status: 'outcome-unknown', error: new RelaisError(FailureKind.OutcomeUnknown, 'cannot tell yet', { provider: this.id }) };
  }
  destroy(): void {}
}

defineProvider('lost-answer', {
  load: async () => new LostAnswer(),
  capabilities: { verifiable: true },
  messages: { en: { label: 'Lost', inSentence: 'lost' }, fr: { label: 'Perdu', inSentence: 'perdu' } },
});

describe('the element’s lifetime', () => {
  it('removing the element mid-verification stops the verification: no further check, no further request', async () => {
    const element = await fixture<RelaisCheckout>(html`<relais-checkout amount="4990" currency="EUR" lang="en"
      endpoint=${testEndpoint()} providers="lost-answer"></relais-checkout>`);
    await readyToPay(element);
    verifications = 0;
    const network = watchFetch();
    try {
      payButton(element)!.click();
      // The payment records its order before submitting (so a later visit can verify it): that is the payment's, not the verification's.
      await waitFor(() => verifications === 1 && network.calls.some((call) => call.url.endsWith('/orders')));
      const before = network.calls.length;
      element.remove();
      // Nothing can be awaited for something that must not happen: wait past the next check's due time.
      await new Promise((resolve) => setTimeout(resolve, verification.delaysMs[0] + 500));
      expect(verifications).to.equal(1);
      expect(network.calls.slice(before)).to.deep.equal([]);
    } finally {
      network.restore();
    }
  });
});
