import { formatMoney, IntentStatus, readBytes } from '@relais/server/provider-kit';
import type { SandboxIntent, SandboxStripe } from './stripe-psp.js';

/**
 * The sandbox's 3-D Secure page: plain HTML, no script, no inline style, two submit buttons in
 * one form. The form posts back here; the server records the outcome and redirects (303) to the
 * return URL with Stripe's parameters, so the page works under the strictest CSP.
 */

const ROUTE = '/sandbox/stripe/3ds';

/**
 * Root-relative, not absolute: behind a TLS-terminating proxy the server cannot know the origin
 * the shopper sees. The client secret rides along, as on Stripe's own hosted 3DS URLs: the form
 * must prove it to change the intent.
 */
export function threeDsUrl(basePath: string, intent: SandboxIntent): string {
  const query = new URLSearchParams({ return_url: intent.returnUrl ?? '', client_secret: intent.clientSecret });
  return `${basePath}${ROUTE}/${encodeURIComponent(intent.id)}?${query}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function page(status: number, title: string, main: string, formTarget?: string): Response {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main>
${main}
</main>
</body>
</html>
`;
  // frame-ancestors 'self': the shop may show the challenge in its own frame (tests do).
  // form-action also governs where the form's redirect may go: allow the return URL's origin.
  const formAction = formTarget ? `'self' ${new URL(formTarget).origin}` : `'none'`;
  return new Response(html, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; form-action ${formAction}; frame-ancestors 'self'; base-uri 'none'`,
      // The URL holds the client secret: it must not leak to the return page through Referer.
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    },
  });
}

const unknownPayment = () =>
  page(404, 'Unknown payment (sandbox)', '<h1>Unknown payment</h1>\n<p>This sandbox payment does not exist, or the link is incomplete.</p>');

function challenge(intent: SandboxIntent, returnUrl: string): Response {
  const amount = escapeHtml(formatMoney(intent.amount, intent.currency.toUpperCase()));
  return page(
    200,
    '3-D Secure (sandbox)',
    `<h1>3-D Secure (sandbox)</h1>
<p>Your bank asks you to confirm a payment of <strong>${amount}</strong>.</p>
<p>This is a sandbox: no bank is involved. Choose the outcome to rehearse.</p>
<form method="post" action="${escapeHtml(encodeURIComponent(intent.id))}">
<input type="hidden" name="client_secret" value="${escapeHtml(intent.clientSecret)}">
<button type="submit" name="result" value="complete">Complete authentication</button>
<button type="submit" name="result" value="fail">Fail authentication</button>
</form>`,
    returnUrl,
  );
}

/** Stripe's return: `payment_intent`, `payment_intent_client_secret`, `redirect_status`. */
function backToShop(intent: SandboxIntent, returnUrl: string): Response {
  const url = new URL(returnUrl);
  url.searchParams.set('payment_intent', intent.id);
  url.searchParams.set('payment_intent_client_secret', intent.clientSecret);
  url.searchParams.set('redirect_status', intent.status === IntentStatus.Succeeded ? 'succeeded' : 'failed');
  return new Response(null, {
    status: 303,
    headers: { location: url.href, 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' },
  });
}

export function threeDsRoutes(psp: SandboxStripe) {
  return {
    /** `GET /sandbox/stripe/3ds/{id}?return_url=…&client_secret=…` */
    show: async (request: Request, params: Record<string, string>): Promise<Response> => {
      const query = new URL(request.url).searchParams;
      const found = psp.retrieveWithSecret(params['id']!, query.get('client_secret'));
      if (!found.ok) return unknownPayment();
      const { intent } = found;
      // The return URL is the one given at confirm: the page is never a redirect to anywhere.
      if (!intent.returnUrl || query.get('return_url') !== intent.returnUrl) {
        return page(400, 'Invalid link (sandbox)', '<h1>Invalid link</h1>\n<p>The return address does not match this payment.</p>');
      }
      return challenge(intent, intent.returnUrl);
    },

    /** The form: `client_secret` and `result` (`complete` | `fail`), urlencoded. */
    decide: async (request: Request, params: Record<string, string>): Promise<Response> => {
      const body = await readBytes(request, 4096);
      const form = new URLSearchParams(body.ok ? body.bytes.toString('utf8') : '');
      const result = form.get('result');
      if (result !== 'complete' && result !== 'fail') {
        return page(400, 'Invalid answer (sandbox)', '<h1>Invalid answer</h1>\n<p>Choose one of the two buttons.</p>');
      }
      const decided = psp.authenticate(params['id']!, form.get('client_secret'), result === 'complete');
      if (!decided.ok || !decided.intent.returnUrl) return unknownPayment();
      return backToShop(decided.intent, decided.intent.returnUrl);
    },
  };
}
