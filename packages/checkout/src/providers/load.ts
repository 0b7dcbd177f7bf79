import type { ProviderId } from '../config.js';
import type { Provider } from './provider.js';

/** The adapter for a method. Each is a separate chunk: a page only downloads the methods it shows. */
export function loadProvider(id: ProviderId): Promise<Provider> {
  switch (id) {
    case 'stripe':
      return import('./stripe.js').then(({ StripeProvider }) => new StripeProvider());
    case 'adyen':
      return import('./adyen.js').then(({ AdyenProvider }) => new AdyenProvider());
    case 'paypal':
      return import('./paypal.js').then(({ PayPalProvider }) => new PayPalProvider());
    case 'bank-transfer':
      return import('./bank-transfer.js').then(({ BankTransferProvider }) => new BankTransferProvider());
  }
}
