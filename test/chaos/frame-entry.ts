// The shop page of a chaos journey: the element as a merchant's page loads it, with the merchant's own method.
import './invoice.js';
import '@relais/checkout';
