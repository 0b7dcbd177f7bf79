import { expect, fixture, html } from '@open-wc/testing';
import { configureHealth, testEndpoint } from '../../test/api.js';
import { waitFor } from '../../test/dom.js';
import { RelaisMaintenanceStrip, stripLayout, type UpcomingWindow } from './maintenance-strip.js';

const hour = 60 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('the maintenance strip', () => {
  const now = Date.parse('2030-01-01T00:00:00Z');
  const paypal: UpcomingWindow = { provider: 'paypal', from: iso(now + 6 * hour), until: iso(now + 9 * hour), source: 'status-page', name: 'Payments API upgrade' };
  const stripe: UpcomingWindow = { provider: 'stripe', from: iso(now + 22 * hour), until: iso(now + 26 * hour), source: 'configuration' };

  it('places each window on 24 hours from now, cutting what goes past them', () => {
    expect(stripLayout([paypal, stripe], now).map(({ left, width }) => [left, width])).to.deep.equal([[25, 12.5], [91.67, 8.33]]);
    expect(stripLayout([{ ...paypal, from: iso(now + 25 * hour), until: iso(now + 26 * hour) }], now)).to.deep.equal([]);
  });

  it('lists the windows in words, with their source, in French and in English', async () => {
    const strip = await fixture<RelaisMaintenanceStrip>(html`<relais-maintenance-strip .upcoming=${[paypal, stripe]} .now=${now}></relais-maintenance-strip>`);
    const items = [...strip.shadowRoot!.querySelectorAll('li')].map((li) => li.textContent);
    expect(items).to.have.length(2);
    expect(items[0]).to.match(/^PayPal : de .+ à .+, annoncée par sa page de statut \(Payments API upgrade\)$/);
    expect(items[1]).to.match(/^Stripe \(carte\) : de .+, configurée par le marchand$/);
    expect(strip.shadowRoot!.querySelectorAll('.segment')).to.have.length(2);
    strip.lang = 'en';
    await strip.updateComplete;
    expect(strip.shadowRoot!.querySelector('h3')!.textContent).to.equal('Maintenance in the next 24 hours');
    expect(strip.shadowRoot!.querySelector('li')!.textContent).to.match(/^PayPal: .+ to .+, announced on its status page \(Payments API upgrade\)$/);
  });

  it('says when nothing is scheduled', async () => {
    const strip = await fixture<RelaisMaintenanceStrip>(html`<relais-maintenance-strip lang="en"></relais-maintenance-strip>`);
    expect(strip.shadowRoot!.querySelector('p')!.textContent).to.equal('No maintenance scheduled in the next 24 hours.');
  });

  it('reads the upcoming windows from the merchant API\'s health feed', async () => {
    const endpoint = testEndpoint();
    const from = iso(Date.now() + 3 * hour);
    await configureHealth(endpoint, { maintenance: [{ provider: 'stripe', from, until: iso(Date.now() + 4 * hour) }] });
    const strip = await fixture<RelaisMaintenanceStrip>(html`<relais-maintenance-strip endpoint=${endpoint} lang="en"></relais-maintenance-strip>`);
    await waitFor(() => strip.upcoming.length > 0);
    await strip.updateComplete;
    expect(strip.upcoming[0]).to.include({ provider: 'stripe', from, source: 'configuration' });
    expect(strip.shadowRoot!.querySelector('li')!.textContent).to.match(/^Stripe \(card\): .+, set by the merchant$/);
  });
});
