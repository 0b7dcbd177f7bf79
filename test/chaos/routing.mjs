// What the providers' script URLs and telemetry hosts answer each chaos journey's frames, and
// which journeys are offline: the chaos pages' request interception, on a CDP session of their own.
//
// Not Playwright's page.route: one route on a page makes Playwright pause EVERY request of it in
// Node (the frames' pages and bundle, every test-API call) and turns the browser's cache off, so
// ten journeys reloading their frames queue behind the runner on a busy machine. Here only the
// providers' hosts are paused, and every request of the page only while a journey is offline.
import { buildStandIn } from '@relais/sandbox/build';
import { PROVIDERS, TRACKERS } from '../provider-routes.mjs';

/** The hosts paused at all: the providers' SDK and telemetry hosts (PROVIDERS and TRACKERS decide the rest). */
const PROVIDER_PATTERNS = [
  'https://js.stripe.com/*', 'https://r.stripe.com/*', 'https://m.stripe.com/*',
  'https://checkoutshopper-*.adyen.com/*', 'https://checkoutanalytics*.adyen.com/*',
  'https://www.paypal.com/*', 'https://www.sandbox.paypal.com/*',
  'https://client-analytics.braintreegateway.com/*', 'https://client-analytics.sandbox.braintreegateway.com/*',
].map((urlPattern) => ({ urlPattern, requestStage: 'Request' }));
const EVERY_REQUEST = [{ urlPattern: '*', requestStage: 'Request' }];

const base64 = (text) => Buffer.from(text).toString('base64');

/** Per page: its CDP session, the journeys' answers by journey id, their held requests, who is offline. */
const pages = new WeakMap();

export async function routedPage(page) {
  let state = pages.get(page);
  if (state) return state.ready;
  const cdp = await page.context().newCDPSession(page);
  state = { cdp, journeys: new Map(), held: new Map(), offline: new Set(), frames: new Map(), patterns: PROVIDER_PATTERNS };
  state.ready = (async () => {
    cdp.on('Fetch.requestPaused', (event) => answer(state, event).catch(() => undefined));
    await cdp.send('Fetch.enable', { patterns: state.patterns });
    return state;
  })();
  pages.set(page, state);
  return state.ready;
}

/** The journey of a frame: the nearest frame named `<journey>~<tab>` (an SDK's card frame sits inside it). */
async function journeyOf(state, frameId) {
  if (!frameId) return undefined; // a service worker's request belongs to no journey
  if (!state.frames.has(frameId)) {
    const { frameTree } = await state.cdp.send('Page.getFrameTree');
    const walk = (node) => {
      state.frames.set(node.frame.id, { name: node.frame.name ?? '', parentId: node.frame.parentId });
      for (const child of node.childFrames ?? []) walk(child);
    };
    walk(frameTree);
  }
  for (let frame = state.frames.get(frameId); frame; frame = state.frames.get(frame.parentId)) {
    if (frame.name.includes('~')) return frame.name.split('~')[0];
  }
  return undefined;
}

async function answer(state, { requestId, request, frameId }) {
  const { cdp } = state;
  const url = new URL(request.url);
  const journey = await journeyOf(state, frameId);
  if (journey !== undefined && state.offline.has(journey)) return cdp.send('Fetch.failRequest', { requestId, errorReason: 'InternetDisconnected' });
  if (TRACKERS(url)) {
    if (state.journeys.get(journey)?.trackersBlocked === true) return cdp.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' });
    return cdp.send('Fetch.fulfillRequest', { requestId, responseCode: 204, body: '' });
  }
  const provider = Object.keys(PROVIDERS).find((name) => PROVIDERS[name].matches(url));
  if (!provider) return cdp.send('Fetch.continueRequest', { requestId });
  const plan = state.journeys.get(journey)?.sdk?.[provider] ?? { answer: 'stand-in' };
  const held = () => {
    const set = state.held.get(journey) ?? new Set();
    state.held.set(journey, set);
    set.add(requestId);
    return set;
  };
  const script = (body) => cdp.send('Fetch.fulfillRequest', {
    requestId,
    responseCode: 200,
    responseHeaders: [{ name: 'content-type', value: 'application/javascript' }, { name: 'cache-control', value: 'no-store' }],
    body: base64(body),
  });
  switch (plan.answer) {
    case 'abort':
      return cdp.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' });
    case 'empty':
      return script('');
    case 'hang':
      held();
      return undefined;
    default: {
      const body = await buildStandIn(PROVIDERS[provider].standIn);
      if (plan.delayMs > 0) {
        const set = held();
        await new Promise((resolve) => setTimeout(resolve, plan.delayMs));
        if (!set.delete(requestId)) return undefined; // the journey ended meanwhile
      }
      return script(body);
    }
  }
}

/** Takes a journey's frames offline (every request of theirs fails as on a lost connection), or back. */
export function setOffline(state, journey, offline) {
  state.offlineChange = (state.offlineChange ?? Promise.resolve()).then(async () => {
    if (offline) state.offline.add(journey);
    else state.offline.delete(journey);
    const patterns = state.offline.size > 0 ? EVERY_REQUEST : PROVIDER_PATTERNS;
    if (patterns === state.patterns) return;
    state.patterns = patterns;
    await state.cdp.send('Fetch.enable', { patterns });
  });
  return state.offlineChange;
}

/** Forgets a journey: its answers, its offline state, and its requests left hanging (aborted). */
export async function endJourney(state, journey) {
  state.journeys.delete(journey);
  if (state.offline.has(journey)) await setOffline(state, journey, false);
  const held = [...(state.held.get(journey) ?? [])];
  state.held.delete(journey);
  await Promise.all(held.map((requestId) => state.cdp.send('Fetch.failRequest', { requestId, errorReason: 'Aborted' }).catch(() => undefined)));
}
