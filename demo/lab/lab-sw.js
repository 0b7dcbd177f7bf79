// The outage lab's service worker, /relais-lab-sw.js of the demo (`npm start`, and the built demo
// that `relais-server --demo` serves; never public/):
// Relais's own order queue (relais-sw.js, unchanged) plus a stand-in for the Internet between the
// shopper and the payment providers. The real loaders of @stripe/stripe-js and @paypal/paypal-js
// request their real URLs; this worker answers them with the sandbox SDKs, or breaks them the way
// the lab's state says: blocked (strict DNS lists or tracking protection, an IP-hiding relay, a
// corporate proxy), hangs (a stalled CDN), loads without its global. It also answers the providers'
// telemetry and fraud-signal hosts, the one thing filter lists really block of them: 204 as they
// would, or blocked when the lab's "trackers blocked" is on.
// A merchant serves relais-sw.js.
importScripts('/relais-sw.js');

/** Longer than any `load-timeout`; then the request fails rather than holding the worker. */
const HANG_MS = 60_000;

const SCRIPTS = [
  { provider: 'stripe', file: '/sandbox/stripe-js.js', matches: (url) => url.origin === 'https://js.stripe.com' },
  {
    provider: 'adyen',
    file: '/sandbox/adyen-web.js',
    matches: (url) => /^https:\/\/checkoutshopper-(test|live)\.cdn\.adyen\.com$/.test(url.origin) && url.pathname.endsWith('/adyen.js'),
  },
  {
    provider: 'paypal',
    file: '/sandbox/paypal-v6.js',
    matches: (url) =>
      (url.origin === 'https://www.paypal.com' || url.origin === 'https://www.sandbox.paypal.com') &&
      url.pathname.startsWith('/web-sdk/v6/'),
  },
];

/** What filter lists block of the providers (never their SDKs, card frames or APIs). */
const isTracker = (url) =>
  url.hostname === 'r.stripe.com' ||
  url.hostname === 'm.stripe.com' ||
  ((url.hostname === 'www.paypal.com' || url.hostname === 'www.sandbox.paypal.com') && url.pathname.startsWith('/xoplatform/logger/')) ||
  /(^|\.)checkoutanalytics(-test|-live)?\.adyen\.com$/.test(url.hostname) ||
  /^client-analytics(\.sandbox)?\.braintreegateway\.com$/.test(url.hostname);

async function trackerAnswer() {
  const state = await labState();
  if (!state || state.offline || state.trackersBlocked) return Response.error(); // net::ERR_BLOCKED_BY_CLIENT
  return new Response(null, { status: 204 });
}

async function labState() {
  try {
    const response = await fetch('/__lab/state', { cache: 'no-store' });
    return response.ok ? await response.json() : undefined;
  } catch {
    return undefined;
  }
}

async function answer(script) {
  const state = await labState();
  if (!state || state.offline) return Response.error();
  switch (state[script.provider]) {
    case 'blocked':
      return Response.error(); // what the page sees of net::ERR_BLOCKED_BY_CLIENT
    case 'hangs':
      return new Promise((resolve) => setTimeout(() => resolve(Response.error()), HANG_MS));
    case 'no-global':
      return new Response('', { headers: { 'content-type': 'text/javascript' } });
    default:
      return fetch(script.file, { cache: 'no-store' });
  }
}

// A page loaded with Shift+Reload is not controlled, and an active worker does not claim it again
// by itself: the page asks (demo/lab/client.ts), since the SDK URLs must go through this worker.
self.addEventListener('message', (event) => {
  if (event.data?.type === 'relais-lab-claim') event.waitUntil(self.clients.claim());
});

// Every URL this worker answers is another origin's: the shop's own requests (its page, its code,
// its API) go straight to the network without waking the worker, where the browser knows how
// (the static routing API); elsewhere the fetch handler below lets them pass anyway.
self.addEventListener('install', (event) => {
  if (typeof event.addRoutes === 'function') {
    event.waitUntil(event.addRoutes({ condition: { urlPattern: { pathname: '/*' } }, source: 'network' }).catch(() => {}));
  }
});

/** Adyen Web's stylesheet: the stand-in draws its own fields, so an empty sheet, never the network. */
const isAdyenStylesheet = (url) => /^https:\/\/checkoutshopper-(test|live)\.cdn\.adyen\.com$/.test(url.origin) && url.pathname.endsWith('/adyen.css');

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (isAdyenStylesheet(url)) return event.respondWith(new Response('', { headers: { 'content-type': 'text/css' } }));
  const script = SCRIPTS.find((candidate) => candidate.matches(url));
  if (script) event.respondWith(answer(script));
  else if (isTracker(url)) event.respondWith(trackerAnswer());
});
