import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import { RelaisCheckout } from '../relais-checkout.js';
import type { ProviderId } from '../config.js';
import { FailureKind, RelaisError } from '../errors.js';
import type { PaymentOutcome, Provider } from '../providers/provider.js';
import { BankTransferProvider } from '../providers/bank-transfer.js';
import { inShadow, waitFor } from '../../../../test/dom.js';
import { testEndpoint } from '../../../../test/api.js';

/** `created`: how long Relais's own adapter code takes to arrive (a chunk), before the SDK's load. */
type Behaviour = {
  created?: () => Promise<void>;
  load?: (struggling?: () => void) => Promise<void>;
  pay?: () => Promise<PaymentOutcome>;
  verify?: () => Promise<PaymentOutcome>;
};

/** When each scripted provider started loading (ms since the test's checkout was created). */
const loadStarts = new Map<ProviderId, number>();
let createdAt = 0;

/** A scripted SDK provider: how it loads and pays is decided by the test. */
class ScriptedProvider implements Provider {
  readonly capabilities = { needsMountPoint: true, ownsPayButton: false, needsMerchantApi: false };
  loads = 0;
  constructor(readonly id: ProviderId, private behaviour: Behaviour) {}
  load(_context: unknown, _signal: AbortSignal, struggling?: () => void): Promise<void> {
    this.loads++;
    loadStarts.set(this.id, performance.now() - createdAt);
    return this.behaviour.load?.(struggling) ?? Promise.resolve();
  }
  async mount(target: HTMLElement | undefined): Promise<void> {
    target!.textContent = `${this.id} form`;
  }
  destroyed = false;
  /** Like PayPal's session: once destroyed, an answer still on its way is dropped. */
  pay(): Promise<PaymentOutcome> {
    const answer = this.behaviour.pay?.() ?? Promise.resolve<PaymentOutcome>({ status: 'succeeded', reference: `${this.id}_1` });
    return new Promise((resolve) => void answer.then((outcome) => !this.destroyed && resolve(outcome)));
  }
  verify(): Promise<PaymentOutcome> {
    const unknown = new RelaisError(FailureKind.OutcomeUnknown, 'cannot tell', { provider: this.id });
    return this.behaviour.verify?.() ?? Promise.resolve({ status: 'outcome-unknown', error: unknown });
  }
  destroy(): void {
    this.destroyed = true;
  }
}

const behaviours = new Map<ProviderId, Behaviour>();

class ScriptedCheckout extends RelaisCheckout {
  protected override createProvider(id: ProviderId): Provider | Promise<Provider> {
    if (id === 'bank-transfer') return new BankTransferProvider();
    const behaviour = behaviours.get(id) ?? {};
    const provider = new ScriptedProvider(id, behaviour);
    return behaviour.created ? behaviour.created().then(() => provider) : provider;
  }
}
customElements.define('scripted-checkout', ScriptedCheckout);

async function checkout(loadTimeout = 6000): Promise<{ element: ScriptedCheckout; changes: CustomEvent[]; incidents: CustomEvent[] }> {
  const changes: CustomEvent[] = [];
  const incidents: CustomEvent[] = [];
  createdAt = performance.now();
  const element = await fixture<ScriptedCheckout>(html`<scripted-checkout amount="2500" currency="EUR" lang="en"
    endpoint=${testEndpoint()} stripe-key="pk_test_1" paypal-client-id="sb" providers="stripe paypal bank-transfer"
    bank-iban="FR1420041010050500013M02606" bank-beneficiary="Relais Démo" load-timeout=${loadTimeout}
    @relais-provider-change=${(event: CustomEvent) => changes.push(event)}
    @relais-incident=${(event: CustomEvent) => incidents.push(event)}></scripted-checkout>`);
  return { element, changes, incidents };
}

const checked = (element: Element) => inShadow<HTMLInputElement>(element, 'input[type="radio"]:checked')?.parentElement?.textContent?.trim();
const ready = (element: Element) => inShadow(element, '[part="pay-button"]:not([disabled])') !== null;

describe('failover between providers', () => {
  afterEach(() => {
    behaviours.clear();
    loadStarts.clear();
  });

  it('moves to the next method at once when an SDK fails to load, and says nothing was charged', async () => {
    behaviours.set('stripe', { load: () => Promise.reject(new RelaisError(FailureKind.SdkLoadFailed, 'blocked')) });
    const { element, changes, incidents } = await checkout();
    await waitFor(() => checked(element)?.startsWith('PayPal') && ready(element));
    expect(changes.map((event) => event.detail)).to.deep.include({ from: 'stripe', to: 'paypal', reason: 'sdk-load-failed', latencyMs: changes[0]!.detail.latencyMs });
    expect(incidents[0]!.detail).to.include({ provider: 'stripe', kind: 'sdk-load-failed', orderId: element.orderId });
    expect(inShadow(element, '[part="notice"]')!.textContent).to.equal(
      'Sorry, payment by card is not responding right now. Nothing was charged. You can pay by PayPal.',
    );
    expect(inShadow(element, 'input[type="radio"]:disabled')!.parentElement!.textContent).to.contain('unavailable');
  });

  it('moves on when an SDK is not ready within load-timeout, naming sdk-timeout', async () => {
    behaviours.set('stripe', { load: () => new Promise(() => {}) });
    const { element, changes } = await checkout(300);
    await waitFor(() => changes.length === 1);
    expect(changes[0]!.detail).to.include({ from: 'stripe', to: 'paypal', reason: 'sdk-timeout' });
    expect(changes[0]!.detail.latencyMs).to.be.within(300, 1500);
    await waitFor(() => ready(element));
  });

  it('starts loading the next method in the background when the first is slow (hedging), so the switch is instant', async () => {
    behaviours.set('stripe', { load: () => new Promise(() => {}) });
    let paypalReadyAt = 0;
    behaviours.set('paypal', { load: () => new Promise((resolve) => setTimeout(() => ((paypalReadyAt = performance.now() - createdAt), resolve()), 100)) });
    const { element, changes } = await checkout(1000);
    await waitFor(() => changes.length === 1, 3000);
    const switchedAt = performance.now() - createdAt;
    // Hedging starts at 40% of the 1000 ms budget: after that, and well before the budget runs out.
    expect(loadStarts.get('paypal'), 'PayPal started before Stripe\'s budget ran out').to.be.within(350, 950);
    expect(paypalReadyAt, 'and was ready before the switch').to.be.below(switchedAt);
    await element.updateComplete;
    expect(ready(element), 'interactive the moment the shopper lands on it').to.equal(true);
  });

  it('starts loading the next method at once, hidden, when the first one says its first attempt failed', async () => {
    let fail!: (error: RelaisError) => void;
    // A blocked script: its first error, then the loader's retry, which fails too a moment later.
    behaviours.set('stripe', { load: (struggling) => (struggling?.(), new Promise((_, reject) => (fail = reject))) });
    const { element, changes } = await checkout(6000);
    await waitFor(() => loadStarts.has('paypal'), 3000);
    expect(changes, 'the shopper is still on Stripe while PayPal loads').to.have.length(0);
    expect(loadStarts.get('paypal'), 'long before hedging would start it (40% of 6000 ms)').to.be.below(1000);
    fail(new RelaisError(FailureKind.SdkLoadFailed, 'blocked, twice'));
    await waitFor(() => changes.length === 1 && ready(element), 3000);
    expect(changes[0]!.detail).to.include({ from: 'stripe', to: 'paypal', reason: 'sdk-load-failed' });
    expect(checked(element)).to.match(/^PayPal/);
  });

  it('counts the hedge from the adapter code\'s arrival, as the budget: a slow chunk of Relais\'s own starts no second method', async () => {
    const wait = (ms: number) => () => new Promise<void>((resolve) => setTimeout(resolve, ms));
    // Hedging at 40% of 2000 ms: Stripe's adapter arrives after that, then its SDK is ready 300 ms later.
    behaviours.set('stripe', { created: wait(1000), load: wait(300) });
    const { element, changes } = await checkout(2000);
    await waitFor(() => ready(element), 4000);
    expect(checked(element)).to.match(/^Card/);
    expect(loadStarts.has('paypal'), 'PayPal was not loaded in the background').to.equal(false);
    expect(changes).to.have.length(0);
  });

  it('keeps a method that arrives after its budget as a choice, without taking the shopper back', async () => {
    behaviours.set('stripe', { load: () => new Promise((resolve) => setTimeout(resolve, 600)) });
    const { element, changes } = await checkout(300);
    await waitFor(() => changes.length === 1);
    expect(checked(element)).to.equal('PayPal');
    await waitFor(() => !inShadow<HTMLInputElement>(element, 'input[type="radio"]')!.disabled, 2000);
    await element.updateComplete;
    expect(checked(element), 'still on PayPal').to.equal('PayPal');
    expect(changes).to.have.length(1);
    expect(element.shadowRoot!.activeElement).to.equal(null);
  });

  it('does not switch on a decline and keeps the shopper on the method', async () => {
    behaviours.set('stripe', { pay: async () => ({ status: 'declined', message: 'Your card was declined.' }) });
    const { element, changes } = await checkout();
    await waitFor(() => ready(element));
    const declined = new Promise<CustomEvent>((resolve) => element.addEventListener('relais-payment-declined', resolve as never));
    inShadow<HTMLButtonElement>(element, '[part="pay-button"]')!.click();
    expect((await declined).detail.message).to.equal('Your card was declined.');
    await element.updateComplete;
    expect(changes).to.have.length(0);
    expect(checked(element)).to.equal('Card');
    expect(inShadow(element, '[role="alert"]')!.textContent).to.contain('Your card was declined.');
  });

  it('moves to the next method when a payment API is unavailable before anything was submitted', async () => {
    behaviours.set('stripe', {
      pay: async () => ({ status: 'unavailable', error: new RelaisError(FailureKind.ApiUnavailable, '503', { provider: 'stripe' }) }),
    });
    const { element, changes } = await checkout();
    await waitFor(() => ready(element));
    inShadow<HTMLButtonElement>(element, '[part="pay-button"]')!.click();
    await waitFor(() => changes.length === 1);
    expect(changes[0]!.detail).to.include({ from: 'stripe', to: 'paypal', reason: 'api-unavailable' });
  });

  it('never offers a second method while an outcome is unknown and cannot be verified', async () => {
    behaviours.set('stripe', {
      pay: async () => ({ status: 'outcome-unknown', error: new RelaisError(FailureKind.OutcomeUnknown, 'lost', { provider: 'stripe' }) }),
    });
    const { element, changes } = await checkout();
    await waitFor(() => ready(element));
    inShadow<HTMLButtonElement>(element, '[part="pay-button"]')!.click();
    await waitFor(() => inShadow(element, '[part="result"]'));
    expect(inShadow(element, 'fieldset')).to.equal(null);
    expect(inShadow(element, '[part="pay-button"]')).to.equal(null);
    expect(changes).to.have.length(0);
  });

  it('finishes a payment when the element leaves the page mid-payment, and shows it when it comes back', async () => {
    behaviours.set('stripe', { pay: () => new Promise((resolve) => setTimeout(() => resolve({ status: 'succeeded', reference: 'pi_late' }), 300)) });
    const { element } = await checkout();
    await waitFor(() => ready(element));
    const succeeded = new Promise<CustomEvent>((resolve) => element.addEventListener('relais-payment-succeeded', resolve as never));
    inShadow<HTMLButtonElement>(element, '[part="pay-button"]')!.click();
    const parent = element.parentElement!;
    element.remove();
    expect((await succeeded).detail.reference, 'the answer was not dropped').to.equal('pi_late');
    parent.append(element);
    await waitFor(() => inShadow(element, '[part="result"].succeeded'));
  });

  it('lets the shopper choose another method from the list', async () => {
    const { element, changes } = await checkout();
    await waitFor(() => ready(element));
    const bank = [...element.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="radio"]')].at(-1)!;
    bank.click();
    // The bank transfer explains itself; its account appears once the order is placed.
    await waitFor(() => inShadow(element, '[part="panel"] .hint'));
    expect(changes.at(-1)!.detail).to.include({ from: 'stripe', to: 'bank-transfer', reason: 'shopper-choice' });
  });

  it('says every method is down when the last one fails too', async () => {
    const blocked = { load: () => Promise.reject(new Error('blocked')) };
    behaviours.set('stripe', blocked);
    behaviours.set('paypal', blocked);
    const element = await fixture<ScriptedCheckout>(html`<scripted-checkout amount="2500" currency="EUR" lang="fr"
      stripe-key="pk_test_1" paypal-client-id="sb" providers="stripe paypal"></scripted-checkout>`);
    const alert = await waitFor(() => inShadow(element, '[role="alert"]'));
    expect(alert.textContent).to.contain('Rien n’a été débité');
  });
});
