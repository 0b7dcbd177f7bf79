/**
 * `<RelaisCheckout>`: `<relais-checkout>` as a React component, generated with `@lit/react`.
 * Importing this module registers the custom element (it imports `@relais/checkout`).
 *
 * Events: every `relais-*` event is an `on…` prop named `on` + the event name in PascalCase,
 * `relais-payment-succeeded` → `onRelaisPaymentSucceeded`; the handler gets the typed
 * `CustomEvent`.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { RelaisCheckout as RelaisCheckoutElement, type RelaisEventMap } from '@relais/checkout';

type RelaisEventName = keyof RelaisEventMap;

type PascalCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${PascalCase<Tail>}`
  : Capitalize<S>;

/** The React prop of an event: `relais-ready` → `onRelaisReady`. */
export type EventPropName<K extends RelaisEventName> = `on${PascalCase<K>}`;

/** One entry of the `events` option; the prop name is computed, so it cannot drift from the event. */
function on<K extends RelaisEventName>(type: K): Record<EventPropName<K>, EventName<CustomEvent<RelaisEventMap[K]>>> {
  const prop = `on${type.replace(/(?:^|-)([a-z])/g, (_, letter: string) => letter.toUpperCase())}`;
  const name = type as EventName<CustomEvent<RelaisEventMap[K]>>;
  return { [prop]: name } as Record<EventPropName<K>, typeof name>;
}

// `satisfies` makes an event added to RelaisEventMap without its prop here a type error.
const events = {
  ...on('relais-ready'),
  ...on('relais-provider-change'),
  ...on('relais-payment-succeeded'),
  ...on('relais-payment-declined'),
  ...on('relais-payment-pending'),
  ...on('relais-order-queued'),
  ...on('relais-order-delivered'),
  ...on('relais-incident'),
  ...on('relais-config-error'),
} satisfies Record<EventPropName<RelaisEventName>, EventName>;

export const RelaisCheckout = createComponent({
  tagName: 'relais-checkout',
  elementClass: RelaisCheckoutElement,
  react: React,
  events,
  displayName: 'RelaisCheckout',
});

/** Every prop of `<RelaisCheckout>`: the element's attributes and properties, `on…` handlers. */
export type RelaisCheckoutProps = React.ComponentProps<typeof RelaisCheckout>;
