// Test helper (not a test file): Stripe's REST API for PaymentIntents, in memory, behind the
// `fetch` the official package is given. It records every request as the package sent it.
import { seen, type SeenRequest } from '../fixtures.js';

interface FakeIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  currency: string;
  status: string;
  client_secret: string;
  metadata: Record<string, string>;
}

export interface FakeStripeApi {
  fetch: typeof fetch;
  requests: SeenRequest[];
  intents: Map<string, FakeIntent>;
  /** The next answers, before any intent logic runs (a status and a JSON body). */
  script: Array<{ status: number; body: unknown; headers?: Record<string, string> }>;
}

function answer(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

const missing = (id: string) =>
  answer(404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such payment_intent: '${id}'` } });

export function fakeStripeApi(): FakeStripeApi {
  const api: FakeStripeApi = { fetch: undefined as unknown as typeof fetch, requests: [], intents: new Map(), script: [] };
  const byKey = new Map<string, FakeIntent>();
  let next = 0;

  api.fetch = async (input, init) => {
    const request = await seen(input, init);
    api.requests.push(request);
    const scripted = api.script.shift();
    if (scripted) return answer(scripted.status, scripted.body, scripted.headers);

    const form = new URLSearchParams(request.body);
    const path = request.url.pathname.split('/').filter(Boolean); // ['v1', 'payment_intents', id?, action?]
    const intent = path[2] === undefined ? undefined : api.intents.get(path[2]);
    if (request.method === 'POST' && path.length === 2) {
      const key = request.headers.get('idempotency-key') ?? '';
      const replay = byKey.get(key);
      if (replay) return answer(200, replay);
      const id = `pi_3Fake${++next}`;
      const created: FakeIntent = {
        id, object: 'payment_intent',
        amount: Number(form.get('amount')),
        currency: form.get('currency') ?? '',
        status: 'requires_payment_method',
        client_secret: `${id}_secret_fake${next}`,
        metadata: { orderId: form.get('metadata[orderId]') ?? '' },
      };
      api.intents.set(id, created);
      byKey.set(key, created);
      return answer(200, created);
    }
    if (!intent) return missing(path[2] ?? '');
    if (request.method === 'GET') return answer(200, intent);
    if (path[3] === 'cancel') {
      if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(intent.status)) {
        return answer(400, { error: { type: 'invalid_request_error', code: 'payment_intent_unexpected_state', message: 'cannot cancel' } });
      }
      intent.status = 'canceled';
      return answer(200, intent);
    }
    if (form.has('amount')) intent.amount = Number(form.get('amount'));
    if (form.has('currency')) intent.currency = form.get('currency')!;
    return answer(200, intent);
  };
  return api;
}
