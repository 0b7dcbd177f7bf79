/**
 * Entry of the Stripe.js stand-in, bundled to one classic script (build.mjs) and served in place of
 * https://js.stripe.com/endive/stripe.js. Executing it defines `window.Stripe`, which
 * @stripe/stripe-js's loader picks up after the script's load event.
 */
import { StripeSandbox } from './stripe/stripe.js';

window.Stripe = StripeSandbox;
