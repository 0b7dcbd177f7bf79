// How well @relais/card-data tells card numbers from order data: the share of 100,000
// realistic references (order ids, ISBNs, IBANs, phones, timestamps, SKUs, UUIDs, tracking
// numbers, amounts) refused as card data, and the published test cards (Stripe, Adyen, PayPal)
// it lets through in any common written form. Exits 1 when either goal is missed.
//
//   npx tsc -b packages/card-data && node scripts/card-data-rates.mjs [count] [seed]
import { measure, REFERENCE_KINDS } from '../packages/card-data/test/references.mjs';

const MAX_FALSE_POSITIVE_RATE = 0.0001; // 0.01 %: at most 10 in 100,000
const count = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 20250601);

let containsSensitiveData;
try {
  ({ containsSensitiveData } = await import('@relais/card-data'));
} catch (error) {
  console.error(`✗ could not load @relais/card-data (${error.message}): run \`npx tsc -b packages/card-data\` first`);
  process.exit(1);
}

const { references, falsePositives, cardCases, misses } = measure(containsSensitiveData, { count, seed });
const rate = falsePositives.length / references;
const percent = (value) => `${(value * 100).toFixed(4)} %`;

console.log(`False positives: ${falsePositives.length} of ${references} realistic references (${percent(rate)}; goal ≤ ${percent(MAX_FALSE_POSITIVE_RATE)}), seed ${seed}`);
for (const kind of Object.keys(REFERENCE_KINDS)) {
  const found = falsePositives.filter((reference) => reference.kind === kind);
  if (found.length) console.log(`  ${kind}: ${found.length}, e.g. ${found.slice(0, 3).map((reference) => JSON.stringify(reference.text)).join(', ')}`);
}
console.log(`Misses: ${misses.length} of ${cardCases} published test cards in their written forms (${percent(misses.length / cardCases)}; goal 0)`);
for (const miss of misses.slice(0, 20)) console.log(`  ${miss.source} ${miss.number}: ${JSON.stringify(miss.body)}`);

const ok = rate <= MAX_FALSE_POSITIVE_RATE && misses.length === 0;
if (!ok) console.error('✗ a goal is missed');
process.exit(ok ? 0 : 1);
