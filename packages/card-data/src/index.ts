/**
 * @relais/card-data: one definition of "looks like card data or a client secret", shared by the
 * merchant API (which refuses such a body) and the page's order queue (which refuses to keep
 * such an order), so that an order the queue keeps is never refused by the server for it.
 */
export { containsSensitiveData } from './sensitive-data.js';
export { isMod97Reference, passesLuhn } from './check-digits.js';
