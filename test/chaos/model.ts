/**
 * What a chaos journey is: the methods the merchant lists, what breaks and when, and what the
 * shopper does. Drawn by fast-check, so a failing journey shrinks to a small one and replays from
 * its seed and path. The methods come from METHODS (test/chaos/methods.ts): a new method there is
 * drawn here with no other change.
 */
import fc from 'fast-check';
import { METHODS, SDK_NAMES, type MethodId, type SdkName } from './methods.js';

/** What the provider's script URL does: answers, is blocked, never answers, answers late, answers without its global. */
export const SDK_FAULTS = ['blocked', 'hung', 'slow', 'too-slow', 'no-global'] as const;
export type SdkFault = 'ok' | (typeof SDK_FAULTS)[number];

/** The merchant's own API: up; down (503) then back at a `merchant-back` step; a lost answer to the order's recording; down once the payment is made; a provider down behind it (502). */
export const MERCHANT_FAULTS = ['down', 'lost-order-answer', 'down-after-payment', 'provider-502'] as const;
export type MerchantFault = 'up' | (typeof MERCHANT_FAULTS)[number];

export type Step =
  /** Pays with the method on screen: `good` is a paying card / an approval, `bad` a declined card / a cancelled PayPal window. */
  | { do: 'pay'; with: 'good' | 'bad' }
  | { do: 'choose'; method: MethodId }
  /** Reloads the page: `mid-payment` pays first and reloads `afterMs` later, whatever the payment is doing. */
  | { do: 'reload'; when: 'mid-payment' | 'after'; afterMs: number }
  /** A second tab on the same order, which pays too. */
  | { do: 'second-tab' }
  /** The shopper is offline from pressing pay until the page settles on what it makes of it. */
  | { do: 'offline' }
  /** The browser stops the service worker (as it does to an idle worker, or a crash). */
  | { do: 'kill-worker' }
  /** The merchant's API answers again. */
  | { do: 'merchant-back' };

export interface Journey {
  methods: MethodId[];
  sdk: Partial<Record<SdkName, SdkFault>>;
  /** The stand-ins' provider API faults, per method ('none': healthy). */
  api: Partial<Record<MethodId, string>>;
  merchant: MerchantFault;
  /** The health feed announces maintenance of this method now. */
  maintenance: MethodId | null;
  /** The providers' telemetry blocked as filter lists do: must change nothing. */
  telemetryBlocked: boolean;
  /** The element queues through the service worker (`sw-url`), else in the page. */
  worker: boolean;
  steps: Step[];
}

const ids = Object.keys(METHODS) as MethodId[];
/** The methods the merchant's health feed can announce maintenance of: its built-in ones. */
const announced = ids.filter((id) => !(METHODS[id] as { merchantDefined?: boolean }).merchantDefined);

/** Mostly healthy, sometimes broken: most journeys still reach a payment. */
function mostly<T>(healthy: T, faults: readonly T[]): fc.Arbitrary<T> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant(healthy) }, { weight: 1, arbitrary: fc.constantFrom(...faults) });
}

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ do: fc.constant('pay' as const), with: fc.constantFrom('good' as const, 'bad' as const) }) },
  { weight: 2, arbitrary: fc.record({ do: fc.constant('choose' as const), method: fc.constantFrom(...ids) }) },
  {
    weight: 1,
    arbitrary: fc.record({ do: fc.constant('reload' as const), when: fc.constantFrom('mid-payment' as const, 'after' as const), afterMs: fc.integer({ min: 0, max: 400 }) }),
  },
  { weight: 1, arbitrary: fc.constant({ do: 'second-tab' as const }) },
  { weight: 1, arbitrary: fc.constant({ do: 'offline' as const }) },
  { weight: 1, arbitrary: fc.constant({ do: 'kill-worker' as const }) },
  { weight: 1, arbitrary: fc.constant({ do: 'merchant-back' as const }) },
);

export const journeyArbitrary: fc.Arbitrary<Journey> = fc.record({
  methods: fc.shuffledSubarray(ids, { minLength: 1 }),
  sdk: fc.record(Object.fromEntries(SDK_NAMES.map((name) => [name, mostly<SdkFault>('ok', SDK_FAULTS)])) as Record<SdkName, fc.Arbitrary<SdkFault>>),
  api: fc.record(Object.fromEntries(ids.map((id) => [id, mostly('none', METHODS[id].apiFaults.length ? METHODS[id].apiFaults : ['none'])])) as Record<MethodId, fc.Arbitrary<string>>),
  merchant: mostly<MerchantFault>('up', MERCHANT_FAULTS),
  maintenance: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...announced) }),
  telemetryBlocked: fc.boolean(),
  worker: fc.boolean(),
  // A journey starts by paying (most shoppers do); what follows is drawn.
  steps: fc.array(step, { minLength: 0, maxLength: 4 }).map((rest) => [{ do: 'pay', with: 'good' } as Step, ...rest]),
});

/** The faults a journey injects, by kind: for the summary. */
export function faultKinds(journey: Journey): string[] {
  const kinds: string[] = [];
  for (const [sdk, fault] of Object.entries(journey.sdk)) if (fault !== 'ok') kinds.push(`sdk ${fault}`);
  for (const [method, fault] of Object.entries(journey.api)) if (fault !== 'none' && journey.methods.includes(method as MethodId)) kinds.push(`${method} api ${fault}`);
  if (journey.merchant !== 'up') kinds.push(`merchant ${journey.merchant}`);
  if (journey.maintenance) kinds.push('health-feed maintenance');
  if (journey.telemetryBlocked) kinds.push('telemetry blocked');
  for (const step of journey.steps) {
    if (step.do === 'reload') kinds.push(`reload ${step.when}`);
    if (['second-tab', 'offline', 'kill-worker', 'merchant-back'].includes(step.do)) kinds.push(step.do);
    if (step.do === 'pay' && step.with === 'bad') kinds.push('declined or cancelled');
  }
  return kinds;
}
