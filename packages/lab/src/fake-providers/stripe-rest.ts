import { randomUUID } from 'node:crypto';
import { errorJson, intentJson } from './stripe-json.js';
import type { PspAnswer, SandboxStripe, StripeErrorBody } from './stripe-psp.js';

/**
 * Stripe's REST API for PaymentIntents (`/v1/payment_intents`: create, retrieve, update, cancel,
 * confirm) over the sandbox's fake Stripe, as a `fetch`: the official `stripe` package, given it
 * as its HTTP client, runs against the sandbox exactly as against Stripe (form-encoded requests,
 * a secret key, `Idempotency-Key`), and sees the same intents as the browser stand-in.
 */

type Form = Map<string, string>;

const CREATE_PARAMS = /^(amount|currency|automatic_payment_methods\[enabled\]|metadata\[[^\]]+\])$/;
const UPDATE_PARAMS = /^(amount|currency|metadata\[[^\]]+\])$/;
const CONFIRM_PARAMS = /^(payment_method|return_url|client_secret)$/;

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'request-id': `req_sbx${randomUUID().slice(0, 12)}` } });
}

const refuse = (status: number, error: StripeErrorBody) => answer(status, { error });

function invalid(code: string, param: string, message: string): Response {
  return refuse(400, { type: 'invalid_request_error', code, param, message });
}

function respond(result: PspAnswer, basePath: string): Response {
  return result.ok ? answer(200, intentJson(result.intent, basePath)) : answer(result.status, errorJson(result.error, result.intent, basePath));
}

/** The first parameter the operation does not know, as Stripe names it in `parameter_unknown`. */
const unknownParam = (form: Form, known: RegExp) => [...form.keys()].find((key) => !known.test(key));

function money(form: Form): { amount: number; currency: string } | Response {
  const amount = Number(form.get('amount'));
  if (!/^\d+$/.test(form.get('amount') ?? '') || !Number.isSafeInteger(amount)) {
    return invalid('parameter_invalid_integer', 'amount', 'Invalid integer: amount');
  }
  const currency = form.get('currency') ?? '';
  if (!/^[a-z]{3}$/.test(currency)) return invalid('parameter_missing', 'currency', 'Missing required param: currency.');
  return { amount, currency };
}

export interface StripeRestOptions {
  /** The sandbox's base path, for the 3-D Secure page in `next_action`. */
  basePath?: string;
}

export function sandboxStripeRest(psp: SandboxStripe, { basePath = '' }: StripeRestOptions = {}): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    if (!/^Bearer sk_test_\S+$/.test(request.headers.get('authorization') ?? '')) {
      return refuse(401, { type: 'invalid_request_error', message: 'Invalid API Key provided: the sandbox takes any sk_test_ key.' });
    }
    const form: Form = new Map(new URLSearchParams(request.method === 'GET' ? new URL(request.url).search : await request.text()));
    const [version, resource, id, action, ...rest] = new URL(request.url).pathname.split('/').filter(Boolean);
    if (version !== 'v1' || resource !== 'payment_intents' || rest.length > 0) {
      return refuse(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${request.method}: ${new URL(request.url).pathname}).` });
    }

    if (id === undefined && request.method === 'POST') {
      const unknown = unknownParam(form, CREATE_PARAMS);
      if (unknown !== undefined) return invalid('parameter_unknown', unknown, `Received unknown parameter: ${unknown}`);
      const fields = money(form);
      if (fields instanceof Response) return fields;
      // Stripe takes a create without a key (and makes a new intent each time); so does the sandbox.
      const idempotencyKey = request.headers.get('idempotency-key') ?? randomUUID();
      return respond(psp.create({ ...fields, orderId: form.get('metadata[orderId]') ?? '', idempotencyKey }), basePath);
    }
    if (id === undefined) return refuse(405, { type: 'invalid_request_error', message: 'Listing intents is not part of the sandbox.' });

    if (request.method === 'GET' && action === undefined) return respond(psp.retrieve(id), basePath);
    if (request.method !== 'POST') return refuse(405, { type: 'invalid_request_error', message: `${request.method} is not supported here.` });
    if (action === undefined) {
      const unknown = unknownParam(form, UPDATE_PARAMS);
      if (unknown !== undefined) return invalid('parameter_unknown', unknown, `Received unknown parameter: ${unknown}`);
      const fields = money(form);
      return fields instanceof Response ? fields : respond(psp.update(id, fields), basePath);
    }
    if (action === 'cancel') return respond(psp.cancel(id), basePath);
    if (action === 'confirm') {
      const unknown = unknownParam(form, CONFIRM_PARAMS);
      if (unknown !== undefined) return invalid('parameter_unknown', unknown, `Received unknown parameter: ${unknown}`);
      const paymentMethod = form.get('payment_method');
      if (!paymentMethod) return invalid('parameter_missing', 'payment_method', 'Missing required param: payment_method.');
      // A secret key may confirm without the client secret, as with Stripe.
      const current = psp.retrieve(id);
      if (!current.ok) return respond(current, basePath);
      return respond(psp.confirm(id, { clientSecret: current.intent.clientSecret, paymentMethod, returnUrl: form.get('return_url') }), basePath);
    }
    return refuse(404, { type: 'invalid_request_error', message: `Unrecognized request URL (POST: ${new URL(request.url).pathname}).` });
  };
}
