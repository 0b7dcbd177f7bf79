import { expect } from '@open-wc/testing';
import './index.js';
import { RelaisCheckout } from './relais-checkout.js';
import { attributeDeclarations } from './attributes.js';
import { attributesOf } from './config.js';

describe('attribute declarations', () => {
  it('give every declared attribute a Lit property that observes it, with its converter', () => {
    const observed = RelaisCheckout.observedAttributes;
    for (const declaration of attributeDeclarations) {
      const options = RelaisCheckout.elementProperties.get(declaration.property as keyof RelaisCheckout);
      expect(options?.attribute, `${declaration.name} -> ${declaration.property}`).to.equal(declaration.name);
      expect(observed, declaration.name).to.include(declaration.name);
      expect(options?.type, `${declaration.name}'s converter`).to.equal(declaration.type === 'boolean' ? Boolean : undefined);
    }
  });

  it('observe no attribute that is not declared', () => {
    const declared = attributeDeclarations.map((declaration) => declaration.name);
    expect([...RelaisCheckout.observedAttributes].sort()).to.deep.equal([...declared].sort());
  });

  it('are read into the configuration from the properties an attribute sets', () => {
    const element = document.createElement('relais-checkout');
    for (const declaration of attributeDeclarations) element.setAttribute(declaration.name, declaration.type === 'boolean' ? '' : `value of ${declaration.name}`);
    const read = attributesOf(element);
    for (const declaration of attributeDeclarations) {
      expect(read[declaration.name], declaration.name).to.equal(declaration.type === 'boolean' ? '' : `value of ${declaration.name}`);
    }
  });

  it('each have a row in the README attribute table, with their type and default', async () => {
    const readme = await (await fetch('/README.md')).text();
    const table = readme.slice(readme.indexOf('<!-- api:attributes -->'), readme.indexOf('<!-- /api:attributes -->'));
    const rows = table.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows, 'one row per declared attribute').to.have.length(attributeDeclarations.length);
    for (const declaration of attributeDeclarations) {
      const row = rows.find((line) => line.startsWith(`| \`${declaration.name}\` |`));
      expect(row, `README row for ${declaration.name} (run \`npm run docs\`)`).to.exist;
      expect(row).to.contain(`| ${declaration.type} |`).and.contain(declaration.description.replaceAll('|', '\\|'));
      if ('default' in declaration) expect(row).to.contain(declaration.default);
    }
  });
});
