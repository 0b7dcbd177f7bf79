import { expect } from '@open-wc/testing';
import { createElement, createRef } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import type { RelaisCheckout as RelaisCheckoutElement, RelaisEventMap } from '@relais/checkout';
import { RelaisCheckout, type RelaisCheckoutProps } from '@relais/react';
import { testEndpoint } from '../../../test/api.js';
import { inShadow, waitFor } from '../../../test/dom.js';

const bankTransfer = {
  amount: '4990',
  currency: 'EUR',
  providers: 'bank-transfer',
  lang: 'en',
  bankIban: 'FR1420041010050500013M02606',
  bankBic: 'PSSTFRPPMON',
  bankBeneficiary: 'Relais Démo SARL',
} satisfies RelaisCheckoutProps;

describe('<RelaisCheckout> (React)', () => {
  let container: HTMLDivElement;
  let root: Root;
  let consoleErrors: unknown[][];
  const originalError = console.error;

  const render = (props: RelaisCheckoutProps) => flushSync(() => root.render(createElement(RelaisCheckout, props)));
  const element = () => container.querySelector('relais-checkout');

  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    consoleErrors = [];
    console.error = (...args: unknown[]) => consoleErrors.push(args);
  });

  afterEach(() => {
    root.unmount();
    container.remove();
    console.error = originalError;
  });

  it('renders <relais-checkout> configured from its props, with no configuration error', async () => {
    const configErrors: CustomEvent[] = [];
    const items = [{ name: 'Carafe', quantity: 1, amount: 4990 }];
    const endpoint = testEndpoint();
    render({ ...bankTransfer, endpoint, items, noIncidentBeacon: true, onRelaisConfigError: (event) => configErrors.push(event) });
    const checkout = element()!;
    expect(checkout).to.be.instanceOf(customElements.get('relais-checkout')!);
    await checkout.updateComplete;
    expect(checkout.stripeKey, 'an absent prop stays unset').to.equal(undefined);
    expect(checkout).to.include({ amount: '4990', currency: 'EUR', providers: 'bank-transfer', lang: 'en', endpoint, bankIban: bankTransfer.bankIban, bankBeneficiary: 'Relais Démo SARL', noIncidentBeacon: true });
    expect(checkout.items, 'rich data is set as a property').to.equal(items);
    expect(checkout.config).to.include({ amount: 4990, currency: 'EUR', lang: 'en', endpoint, incidentBeacon: false });
    expect(checkout.config!.providers).to.deep.equal(['bank-transfer']);
    expect(configErrors).to.deep.equal([]);
    expect(consoleErrors).to.deep.equal([]);
  });

  it('calls onRelaisReady with the typed relais-ready event', async () => {
    const ready: CustomEvent<RelaisEventMap['relais-ready']>[] = [];
    render({ ...bankTransfer, endpoint: testEndpoint(), onRelaisReady: (event) => ready.push(event) });
    const event = await waitFor(() => ready[0], 6000);
    expect(event).to.be.instanceOf(CustomEvent);
    expect(event.type).to.equal('relais-ready');
    expect(event.target).to.equal(element());
    // Typed: `detail.provider` and `detail.orderId` compile without a cast.
    expect(event.detail.provider).to.equal('bank-transfer');
    expect(event.detail.orderId).to.equal(element()!.orderId);
  });

  it('forwards relais-config-error to onRelaisConfigError when a prop is invalid', async () => {
    const issues: RelaisEventMap['relais-config-error']['issues'][] = [];
    render({ ...bankTransfer, amount: '0', endpoint: testEndpoint(), onRelaisConfigError: (event) => issues.push(event.detail.issues) });
    await waitFor(() => issues[0]);
    expect(issues).to.have.length(1);
    expect(issues[0]!.map(({ code, attribute }) => ({ code, attribute }))).to.deep.equal([{ code: 'amount-not-positive', attribute: 'amount' }]);
    expect(inShadow(element()!, '[part="error"]')).to.exist;
    expect(consoleErrors, 'the element explains the issue in the console').to.have.length(1);
  });

  it('updates the element when a prop changes on re-render, and removes a prop that is gone', async () => {
    const endpoint = testEndpoint();
    render({ ...bankTransfer, endpoint, offlineOrders: true });
    const checkout = element()!;
    await waitFor(() => inShadow(checkout, '[part="pay-button"]:not([disabled])'), 6000);
    expect(checkout.config).to.include({ amount: 4990, lang: 'en', offlineOrders: true });
    render({ ...bankTransfer, endpoint, amount: '2500', lang: 'fr' });
    expect(element(), 'the same element, updated in place').to.equal(checkout);
    expect(checkout.amount).to.equal('2500');
    await checkout.updateComplete;
    expect(checkout.config).to.include({ amount: 2500, lang: 'fr', offlineOrders: false });
    // The pay button names the new amount, in French.
    await waitFor(() => inShadow(checkout, '[part="pay-button"]')?.textContent?.includes('25,00'));
  });

  it('wires every event of RelaisEventMap to its on… prop: on + the event name in PascalCase', () => {
    const received: string[] = [];
    const record = (event: Event) => received.push(event.type);
    const handlers = {
      onRelaisReady: record,
      onRelaisProviderChange: record,
      onRelaisPaymentSucceeded: record,
      onRelaisPaymentDeclined: record,
      onRelaisPaymentPending: record,
      onRelaisOrderQueued: record,
      onRelaisOrderDelivered: record,
      onRelaisIncident: record,
      onRelaisConfigError: record,
    } satisfies RelaisCheckoutProps;
    render({ ...bankTransfer, endpoint: testEndpoint(), ...handlers });
    const types: (keyof RelaisEventMap)[] = [
      'relais-ready', 'relais-provider-change', 'relais-payment-succeeded', 'relais-payment-declined',
      'relais-payment-pending', 'relais-order-queued', 'relais-order-delivered', 'relais-incident', 'relais-config-error',
    ];
    for (const type of types) element()!.dispatchEvent(new CustomEvent(type, { detail: {} }));
    expect(received).to.deep.equal(types);
  });

  it('gives the ref the element itself', () => {
    const ref = createRef<RelaisCheckoutElement>();
    render({ ...bankTransfer, endpoint: testEndpoint(), ref });
    expect(ref.current).to.equal(element());
    expect(ref.current!.exportIncidents()).to.equal('[]');
  });

  it('removes the element on unmount without an error', async () => {
    const ready: Event[] = [];
    render({ ...bankTransfer, endpoint: testEndpoint(), onRelaisReady: (event) => ready.push(event) });
    const checkout = element()!;
    await waitFor(() => ready[0], 6000);
    const pageErrors: unknown[] = [];
    const onError = (event: Event) => pageErrors.push(event);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
    try {
      root.unmount();
      expect(container.querySelector('relais-checkout')).to.equal(null);
      expect(checkout.isConnected).to.equal(false);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onError);
    }
    expect(pageErrors).to.deep.equal([]);
    expect(consoleErrors).to.deep.equal([]);
    root = createRoot(container); // afterEach unmounts again
  });
});
