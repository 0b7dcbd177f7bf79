import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import { configureSandbox } from '@relais/sandbox';
import { resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import type { RelaisCheckout } from './relais-checkout.js';
import './index.js';
import { testEndpoint } from '../../../test/api.js';
import { mountOf, readyToPay } from '../../../test/checkout.js';
import { waitFor } from '../../../test/dom.js';

interface LayoutShift extends PerformanceEntry {
  value: number;
  hadRecentInput: boolean;
}

const frames = (count: number) => new Promise<void>((resolve) => {
  const next = (left: number) => (left === 0 ? resolve() : requestAnimationFrame(() => next(left - 1)));
  next(count);
});

describe('layout shift', () => {
  afterEach(() => resetProviderRoutes());

  for (const width of [320, 375, 720]) {
    it(`keeps its height from the first frame until Stripe's form is shown: CLS at most 0.01 with content below (${width} px wide)`, async () => {
      const endpoint = testEndpoint();
      configureSandbox({ apiBase: `${endpoint}/sandbox` });
      await routeProvider('stripe', 'stand-in');
      const shifts: LayoutShift[] = [];
      const observer = new PerformanceObserver((list) => shifts.push(...(list.getEntries() as LayoutShift[])));
      observer.observe({ type: 'layout-shift' });
      // A shop's page: the checkout, and content below it that would move if the element grew.
      const page = await fixture<HTMLElement>(html`<div style=${`width: ${width}px`}>
        <relais-checkout amount="4990" currency="EUR" lang="fr" endpoint=${endpoint} providers="stripe paypal bank-transfer"
          stripe-key="pk_test_relais" paypal-client-id="sb-relais" bank-iban="FR1420041010050500013M02606"
          bank-beneficiary="Relais Démo SARL"></relais-checkout>
        <p>Livraison offerte dès 50 €, retours sous 30 jours.</p>
      </div>`);
      const element = page.querySelector<RelaisCheckout>('relais-checkout')!;
      await element.updateComplete;
      const firstHeight = element.getBoundingClientRect().height;
      await readyToPay(element);
      await waitFor(() => mountOf(element, 'stripe')?.querySelector('iframe'), 8000);
      await frames(10);
      shifts.push(...(observer.takeRecords() as LayoutShift[]));
      observer.disconnect();
      const cls = shifts.filter((shift) => !shift.hadRecentInput).reduce((sum, shift) => sum + shift.value, 0);
      console.log(`CLS at ${width} px while Stripe loads: ${cls.toFixed(4)} (${shifts.length} shifts; ${firstHeight} px from the first frame, ${element.getBoundingClientRect().height} px with the form)`);
      expect(firstHeight, 'height reserved before the configuration is even read').to.be.greaterThan(400);
      expect(cls).to.be.at.most(0.01);
    });
  }
});
