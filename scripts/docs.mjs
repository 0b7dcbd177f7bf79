// `npm run docs`: the element's class JSDoc and its attribute declarations (src/attributes.ts,
// put into the manifest by custom-elements-manifest.config.mjs) are the one source of its public API. This writes
// packages/checkout/custom-elements.json with the analyzer, then regenerates the README tables
// between `<!-- api:NAME -->` and `<!-- /api:NAME -->` from it.
// `npm run docs -- --check` changes nothing in README.md and exits 1 when it is stale.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const PACKAGE = resolve('packages/checkout');
const MANIFEST = resolve(PACKAGE, 'custom-elements.json');
const README = resolve('README.md');
const TAG = 'relais-checkout';
const check = process.argv.includes('--check');

function fail(message) {
  console.error(`docs: ${message}`);
  process.exit(1);
}

// The analyzer runs from the package so that module paths in the manifest are package-relative.
// It brings its own TypeScript 5 (TypeScript 7 has no compiler API).
const analyzer = spawnSync(
  resolve('node_modules/.bin/cem'),
  ['analyze', '--config', resolve('custom-elements-manifest.config.mjs')],
  { cwd: PACKAGE, stdio: 'inherit' },
);
if (analyzer.status !== 0 || !existsSync(MANIFEST)) fail('the custom-elements-manifest analyzer failed (see above)');

const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
const element = manifest.modules
  .flatMap((module) => module.declarations ?? [])
  .find((declaration) => declaration.customElement && declaration.tagName === TAG);
if (!element) fail(`no <${TAG}> class in ${MANIFEST}: is its JSDoc and customElements.define still there?`);

/** A Markdown table; cells are one line and may not close the table with a `|`. */
function table(header, rows) {
  if (rows.length === 0) return '_None._';
  const cell = (text) => String(text ?? '').replace(/\s*\n\s*/g, ' ').replaceAll('|', '\\|');
  const line = (cells) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * The analyzer may list an attribute twice (from `static properties` and from `@attr`): keep
 * one per name, preferring the entry that has the JSDoc description.
 */
function uniqueByName(entries) {
  const byName = new Map();
  for (const entry of entries ?? []) {
    const known = byName.get(entry.name);
    byName.set(entry.name, { ...known, ...entry, description: entry.description || known?.description });
  }
  return [...byName.values()];
}

// An attribute is a string or present/absent; the `| null` of the reflected property is noise.
const attributeType = (type) => (type?.text ?? 'string').replace(/\s*\|\s*(null|undefined)\b/g, '');
const code = (name) => `\`${name}\``;

const sections = {
  attributes: table(
    ['Attribute', 'Type', 'Default', 'Meaning'],
    uniqueByName(element.attributes).map((a) => [code(a.name), attributeType(a.type), a.default ?? '', a.description]),
  ),
  events: table(
    ['Event', 'Meaning'],
    uniqueByName(element.events).map((e) => [code(e.name), e.description]),
  ),
  css: [
    '**Parts** (`::part()`)',
    '',
    table(['Part', 'Meaning'], uniqueByName(element.cssParts).map((p) => [code(p.name), p.description])),
    '',
    '**Custom properties**',
    '',
    table(['Property', 'Meaning'], uniqueByName(element.cssProperties).map((p) => [code(p.name), p.description])),
  ].join('\n'),
};

const README_SKELETON = `# Relais

## Attributes

<!-- api:attributes -->
<!-- /api:attributes -->

## Events

<!-- api:events -->
<!-- /api:events -->

## Styling

<!-- api:css -->
<!-- /api:css -->
`;

const before = existsSync(README) ? readFileSync(README, 'utf8') : README_SKELETON;
let after = before;
for (const [name, body] of Object.entries(sections)) {
  const open = `<!-- api:${name} -->`;
  const close = `<!-- /api:${name} -->`;
  const start = after.indexOf(open);
  const end = after.indexOf(close, start);
  if (start < 0 || end < 0) fail(`README.md lacks the markers ${open} … ${close}`);
  // Blank lines around the table so Markdown renders it whatever surrounds the markers.
  after = `${after.slice(0, start + open.length)}\n\n${body}\n\n${after.slice(end)}`;
}

if (check) {
  if (after !== before || !existsSync(README)) {
    fail('README.md is out of date with the element\'s JSDoc: run `npm run docs` and commit README.md');
  }
  console.log('docs: README.md matches custom-elements.json');
} else if (after !== before || !existsSync(README)) {
  writeFileSync(README, after);
  console.log('docs: README.md API tables regenerated from packages/checkout/custom-elements.json');
} else {
  console.log('docs: README.md API tables already match packages/checkout/custom-elements.json');
}
