// The README's figures, written by the build, never by hand: the gzipped size of the drop-in
// element and of each chunk it loads on demand, the worker, and the CDN line with the SRI hash of
// the file it names. `npm run build` runs `node scripts/sizes.mjs`; `npm test` runs it with
// `--check`, which fails when a figure in README.md is more than 5 % (and 0.1 kB) off the build.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const CDN = 'packages/checkout/cdn';
const WORKER = 'public/relais-sw.js';
const README = 'README.md';
const check = process.argv.includes('--check');

function fail(message) {
  console.error(`sizes: ${message}`);
  process.exit(1);
}

if (!existsSync(join(CDN, 'relais-checkout.js')) || !existsSync(WORKER)) fail('build first: no packages/checkout/cdn/relais-checkout.js or public/relais-sw.js');
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

// Chunks are named by their first module and a hash: the name says what a merchant loads when.
const WHAT = [
  ['stripe-', 'Stripe adapter (with the card method)'],
  ['adyen-', 'Adyen adapter (Adyen Web Card, Sessions flow)'],
  ['paypal-', 'PayPal adapter'],
  ['bank-transfer-', 'bank-transfer instructions and EPC QR code'],
  ['iban-', 'IBAN registry (checks the bank-iban attribute)'],
  ['start-plan-', 'failover memory and health feed'],
  ['order-queue-', 'order queue, page side'],
  ['trusted-types-', 'Trusted Types policy'],
  ['verification-', 'verification after a lost answer'],
  ['stripe-paypal-verification-', 'verification of Stripe and PayPal orders with the merchant'],
  ['config-', "attribute checks, fetched with the page's catalogue"],
  ['en-', 'English catalogue (each language is a chunk: the page\'s only)'],
  ['payment-outcome-', "what follows a payment's answer (and the orders this browser saw paid), fetched as the checkout starts"],
  ['telemetry-', 'incident log and beacon, fetched with the outcomes as the checkout starts'],
  ['views-after-', 'result and kept-order views, fetched once a method is shown'],
  ['mount-point-', 'light-DOM container for the card and PayPal SDKs'],
  ['config-fixes-', 'fix texts of configuration errors, for a misconfigured page'],
];
const chunks = readdirSync(CDN).filter((file) => file.endsWith('.js') && file !== 'relais-checkout.js');
const rows = [['`relais-checkout.js`', 'the element, Lit included: what a page loads first', kB(gz(join(CDN, 'relais-checkout.js')))]];
for (const [prefix, what] of WHAT) {
  // The prefix and a hash, nothing between: `config-` is not `config-fixes-`, `adyen-` not `adyen-verification-`.
  const file = chunks.find((chunk) => chunk.startsWith(prefix) && /^[\w-]{8}\.js$/.test(chunk.slice(prefix.length)));
  if (file) rows.push([`\`${prefix}….js\``, `${what}, on demand`, kB(gz(join(CDN, file)))]);
}
rows.push(['`relais-sw.js`', 'the order-queue service worker (`public/`)', kB(gz(WORKER))]);

const integrity = `sha384-${createHash('sha384').update(readFileSync(join(CDN, 'relais-checkout.js'))).digest('base64')}`;
const version = JSON.parse(readFileSync('packages/checkout/package.json', 'utf8')).version;
const blocks = {
  'build:sizes': ['| file | what | gzipped |', '|---|---|---|', ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n'),
  'build:cdn': [
    '```html',
    `<script type="module" src="https://cdn.jsdelivr.net/npm/@relais/checkout@${version}/cdn/relais-checkout.js"`,
    `  integrity="${integrity}"`,
    '  crossorigin="anonymous"></script>',
    '```',
  ].join('\n'),
};

const before = readFileSync(README, 'utf8');
let after = before;
for (const [name, body] of Object.entries(blocks)) {
  const open = `<!-- ${name} -->`;
  const close = `<!-- /${name} -->`;
  const start = after.indexOf(open);
  const end = after.indexOf(close, start);
  if (start < 0 || end < 0) fail(`README.md lacks the markers ${open} … ${close}`);
  after = `${after.slice(0, start + open.length)}\n\n${body}\n\n${after.slice(end)}`;
}

if (check) {
  // The figures only: the hash changes with every byte, and is written again by each build.
  const figures = (text) => [...text.slice(text.indexOf('<!-- build:sizes -->'), text.indexOf('<!-- /build:sizes -->')).matchAll(/\| ([\d.]+) kB \|/g)].map((match) => Number(match[1]));
  const [want, have] = [figures(after), figures(before)];
  const off = want.length !== have.length || want.some((size, i) => Math.abs(size - have[i]) > Math.max(0.1, size * 0.05));
  if (off) fail(`README.md sizes are not the build's (${have.join(', ')} kB written, ${want.join(', ')} kB built): run \`npm run build\` and commit README.md`);
  console.log('sizes: README.md figures match the build');
} else {
  writeFileSync(README, after);
  console.log(`sizes: README.md figures written; CDN line: integrity="${integrity}"`);
}
