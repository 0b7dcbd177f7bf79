import '@relais/checkout';
import { items, recordEvents } from '../../shop.js';

const checkout = document.querySelector('relais-checkout');
recordEvents(checkout);
checkout.items = items;
