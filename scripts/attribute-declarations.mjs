// The element's attribute declarations (packages/checkout/src/attributes.ts) for Node scripts:
// that module imports nothing, so esbuild's transform alone makes it loadable here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

const SOURCE = fileURLToPath(new URL('../packages/checkout/src/attributes.ts', import.meta.url));

/** `attributeDeclarations`: `[{name, property, type, default?, description}]`. */
export async function loadAttributeDeclarations() {
  const { code } = await transform(readFileSync(SOURCE, 'utf8'), { loader: 'ts', format: 'esm' });
  const module = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  return module.attributeDeclarations;
}

/**
 * Puts the declarations into a custom-elements manifest's element: its `attributes` and the
 * public fields that mirror them, as the analyzer writes them for `@attr` JSDoc and Lit properties.
 */
export function addAttributes(manifest, tagName, declarations) {
  const element = manifest.modules.flatMap((module) => module.declarations ?? []).find((d) => d.customElement && d.tagName === tagName);
  if (!element) throw new Error(`no <${tagName}> in the manifest`);
  const type = (d) => ({ text: d.type === 'boolean' ? 'boolean' : 'string' });
  const names = new Set(declarations.map((d) => d.name));
  const properties = new Set(declarations.map((d) => d.property));
  element.attributes = [
    ...declarations.map((d) => ({ name: d.name, type: type(d), description: d.description, ...(d.default ? { default: d.default } : {}), fieldName: d.property })),
    ...(element.attributes ?? []).filter((a) => !names.has(a.name)),
  ];
  element.members = [
    ...declarations.map((d) => ({ kind: 'field', name: d.property, type: type(d), description: d.description, ...(d.default ? { default: d.default } : {}), attribute: d.name })),
    ...(element.members ?? []).filter((m) => !properties.has(m.name)),
  ];
}
