// Web Test Runner plugin: decides what the REAL provider script URLs answer in a test page, so the
// real @stripe/stripe-js and @paypal/paypal-js loaders run unchanged against a stand-in, an ad
// blocker, a stall or an empty body. Commands (from the browser: executeServerCommand):
//   provider-route        {provider: 'stripe'|'adyen'|'paypal', answer: 'stand-in'|'abort'|'hang'|'empty'|'not-found', delayMs?}
//   provider-route-reset  removes both routes and aborts requests left hanging
//   provider-route-count  -> {stripe: n, paypal: n} script requests seen since the page's first provider-route* command
//   provider-route-trackers {blocked: boolean} -> answers the providers' telemetry and fraud-signal hosts: 204 as
//                         they would, or blocked as a filter list blocks them; answers {answered, blocked} so far
import { buildStandIn } from '@relais/sandbox/build';

export const PROVIDERS = {
  stripe: {
    standIn: 'stripe-js',
    // https://js.stripe.com/endive/stripe.js, with or without a query (?advancedFraudSignals=false).
    matches: (url) => url.origin === 'https://js.stripe.com' && url.pathname === '/endive/stripe.js',
  },
  adyen: {
    standIn: 'adyen-web',
    // Adyen Web from Adyen's CDN, both platforms, any pinned version.
    matches: (url) =>
      /^https:\/\/checkoutshopper-(test|live)\.cdn\.adyen\.com$/.test(url.origin) && /^\/checkoutshopper\/sdk\/[\d.]+\/adyen\.js$/.test(url.pathname),
  },
  paypal: {
    standIn: 'paypal-v6',
    // Both environments of loadCoreSdkScript, including its retries (?paypal-sdk-retry=n).
    matches: (url) =>
      (url.origin === 'https://www.paypal.com' || url.origin === 'https://www.sandbox.paypal.com') &&
      url.pathname === '/web-sdk/v6/core',
  },
};
/**
 * What current filter lists (EasyPrivacy, uBlock Origin's, AdGuard's, Brave's, DNS lists) block of
 * the providers: their telemetry and fraud signals, never their SDKs, card frames or APIs.
 */
export const TRACKERS = (url) =>
  url.hostname === 'r.stripe.com' ||
  url.hostname === 'm.stripe.com' ||
  ((url.hostname === 'www.paypal.com' || url.hostname === 'www.sandbox.paypal.com') && url.pathname.startsWith('/xoplatform/logger/')) ||
  /(^|\.)checkoutanalytics(-test|-live)?\.adyen\.com$/.test(url.hostname) ||
  url.hostname === 'client-analytics.braintreegateway.com' ||
  url.hostname === 'client-analytics.sandbox.braintreegateway.com';

/** Per test page: the trackers route and what it answered. */
const trackerPages = new WeakMap();

async function routeTrackers(page, payload) {
  const blocked = payload?.blocked === true;
  let state = trackerPages.get(page);
  if (!state) {
    state = { answered: 0, blocked: 0, handler: undefined };
    trackerPages.set(page, state);
  }
  if (state.handler) await page.unroute(TRACKERS, state.handler);
  state.handler = (route) => {
    if (blocked) {
      state.blocked += 1;
      return route.abort('blockedbyclient').catch(() => undefined);
    }
    state.answered += 1;
    return route.fulfill({ status: 204, body: '' }).catch(() => undefined);
  };
  await page.route(TRACKERS, state.handler);
  return { answered: state.answered, blocked: state.blocked };
}

const ANSWERS = new Set(['stand-in', 'abort', 'hang', 'empty', 'not-found']);

/** Per test page: installed routes, requests held open, request counts. */
const pages = new WeakMap();

function pageState(page) {
  let state = pages.get(page);
  if (!state) {
    state = { routes: new Map(), held: new Set(), counts: { stripe: 0, adyen: 0, paypal: 0 } };
    // A 'request' listener, not the routes, counts: requests are seen even with no route installed.
    page.on('request', (request) => {
      const url = new URL(request.url());
      for (const [provider, { matches }] of Object.entries(PROVIDERS)) if (matches(url)) state.counts[provider] += 1;
    });
    pages.set(page, state);
  }
  return state;
}

/** Ends a held request as an aborted one; it may already be gone with its page. */
async function release(route) {
  await route.abort('aborted').catch(() => undefined);
}

function handlerFor(state, provider, answer, delayMs) {
  return async (route) => {
    switch (answer) {
      case 'abort':
        // What an ad blocker or a privacy extension does to js.stripe.com.
        return route.abort('blockedbyclient');
      case 'empty':
        // Loads fine but defines no global: the loader's "not available" path.
        return route.fulfill({ status: 200, contentType: 'application/javascript', body: '' });
      case 'not-found':
        return route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not Found' });
      case 'hang':
        // Never answered; held so reset can end it instead of leaving a request pending forever.
        state.held.add(route);
        return undefined;
      case 'stand-in': {
        const body = await buildStandIn(PROVIDERS[provider].standIn);
        if (delayMs > 0) {
          state.held.add(route);
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          // Reset during the delay already aborted this request.
          if (!state.held.delete(route)) return undefined;
        }
        // Readable cross-origin, as the providers' CDNs serve their scripts: a script loaded with
        // `integrity` (a CORS fetch) must work against the stand-in too.
        return route
          .fulfill({ status: 200, contentType: 'application/javascript', headers: { 'cache-control': 'no-store', 'access-control-allow-origin': '*' }, body })
          .catch(() => undefined);
      }
      default:
        throw new Error(`unreachable answer ${answer}`);
    }
  };
}

async function unrouteProvider(page, state, provider) {
  const installed = state.routes.get(provider);
  if (!installed) return;
  state.routes.delete(provider);
  await page.unroute(installed.matcher, installed.handler);
}

async function setRoute(page, payload) {
  const { provider, answer, delayMs = 0 } = payload ?? {};
  if (!Object.hasOwn(PROVIDERS, provider)) throw new Error(`provider-route: unknown provider ${JSON.stringify(provider)} (stripe | adyen | paypal)`);
  if (!ANSWERS.has(answer)) throw new Error(`provider-route: unknown answer ${JSON.stringify(answer)} (${[...ANSWERS].join(' | ')})`);
  if (typeof delayMs !== 'number' || !(delayMs >= 0)) throw new Error('provider-route: delayMs must be a number >= 0');
  const state = pageState(page);
  await unrouteProvider(page, state, provider);
  // Build before routing: the first stand-in request then never waits on esbuild.
  if (answer === 'stand-in') await buildStandIn(PROVIDERS[provider].standIn);
  const matcher = PROVIDERS[provider].matches;
  const handler = handlerFor(state, provider, answer, delayMs);
  await page.route(matcher, handler);
  state.routes.set(provider, { matcher, handler });
  return true;
}

async function reset(page) {
  const state = pageState(page);
  for (const provider of Object.keys(PROVIDERS)) await unrouteProvider(page, state, provider);
  const held = [...state.held];
  state.held.clear();
  await Promise.all(held.map(release));
  return true;
}

export function providerRoutes() {
  return {
    name: 'relais-provider-routes',
    async executeCommand({ command, payload, session }) {
      if (!command.startsWith('provider-route')) return undefined;
      const page = session.browser.getPage?.(session.id);
      if (!page) throw new Error(`${command} needs the Playwright launcher (no page for session ${session.id})`);
      switch (command) {
        case 'provider-route':
          return setRoute(page, payload);
        case 'provider-route-reset':
          return reset(page);
        case 'provider-route-trackers':
          return routeTrackers(page, payload);
        case 'provider-route-count':
          return { ...pageState(page).counts };
        default:
          return undefined;
      }
    },
  };
}
