'use client';
import { RelaisCheckout } from '@relais/react';
import { useCallback } from 'react';
import { items, recordEvents } from '../../shop.js';

export function Checkout() {
  const record = useCallback((element) => element && recordEvents(element), []);
  return (
    <RelaisCheckout
      ref={record}
      amount="4990"
      currency="EUR"
      lang="en"
      endpoint="/checkout"
      providers="stripe bank-transfer"
      stripeKey="pk_test_relais_consumer"
      bankIban="FR1420041010050500013M02606"
      bankBeneficiary="Atelier Relais SARL"
      items={items}
    />
  );
}
