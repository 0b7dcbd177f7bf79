import { expect } from '@open-wc/testing';
import {
  creditorReference,
  formatCreditorReference,
  isValidCreditorReference,
} from './creditor-reference.js';

describe('isValidCreditorReference', () => {
  const valid: ReadonlyArray<readonly [string, string]> = [
    ['the ISO 11649 example', 'RF18539007547034'],
    ['a short published example', 'RF712348231'],
    ['the ISO 11649 example padded to the 21-character maximum', 'RF18000000000539007547034'],
    ['the paper format', 'RF18 5390 0754 7034'],
    ['lower case', 'rf712348231'],
    ['letters in the body', 'RF72CMD20240042'],
  ];
  for (const [what, ref] of valid) {
    it(`accepts ${what} (${ref})`, () => {
      expect(isValidCreditorReference(ref)).to.equal(true);
    });
  }

  const invalid: ReadonlyArray<readonly [string, string]> = [
    ['a wrong check digit', 'RF19539007547034'],
    ['a changed body digit', 'RF18539007547035'],
    ['two body digits swapped', 'RF18539007547043'],
    ['a body of 22 characters', 'RF180000000000539007547034'],
    ['no body', 'RF18'],
    ['nothing', ''],
    ['another prefix', 'XX18539007547034'],
    ['a letter in the check digits', 'RF1A539007547034'],
    ['punctuation in the body', 'RF18-539007547034'],
    // RF9854 is valid; 01 ≡ 98 (mod 97) passes the arithmetic but no encoder emits it.
    ['check digits 01 standing for 98', 'RF0154'],
    // RF9772 is valid; 00 ≡ 97 (mod 97) likewise.
    ['check digits 00 standing for 97', 'RF0072'],
  ];
  for (const [what, ref] of invalid) {
    it(`refuses ${what} (${ref})`, () => {
      expect(isValidCreditorReference(ref)).to.equal(false);
    });
  }

  it('accepts the references whose aliases it refuses', () => {
    expect([isValidCreditorReference('RF9854'), isValidCreditorReference('RF9772')]).to.deep.equal([
      true,
      true,
    ]);
  });
});

describe('formatCreditorReference', () => {
  it('writes groups of four, last group shorter', () => {
    expect(formatCreditorReference('RF712348231')).to.equal('RF71 2348 231');
  });

  it('ends without a separator when the length is a multiple of four', () => {
    expect(formatCreditorReference('RF18539007547034')).to.equal('RF18 5390 0754 7034');
  });

  it('regroups irregular input in upper case', () => {
    expect(formatCreditorReference(' rf18 53900 7547034')).to.equal('RF18 5390 0754 7034');
  });
});

describe('creditorReference', () => {
  it('keeps the letters and digits of a short merchant id, upper-cased', () => {
    expect(creditorReference('cmd-2024-0042')).to.equal('RF72CMD20240042');
  });

  it('uses the ISO 11649 example body to reproduce the ISO 11649 check digits', () => {
    expect(creditorReference('5390-0754-7034')).to.equal('RF18539007547034');
    expect(creditorReference('2348231')).to.equal('RF712348231');
  });

  it('keeps the first 21 hex digits of a UUID', () => {
    expect(creditorReference('3f2c1a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f')).to.equal(
      'RF733F2C1A9E8B7D4C6E9F102',
    );
  });

  // Pinned values, computed by an independent Python implementation of FNV-1a 64 (checked
  // against the published vectors "a" -> af63dc4c8601ec8c, "foobar" -> 85944171f73967e8).
  // A reference may already be on a shopper's transfer: changing these breaks reconciliation.
  const digests: ReadonlyArray<readonly [string, string]> = [
    ['order-2025-000042-spring-sale-newsletter', 'RF19E0R77EJPJ6C9QEMQQPKWE'],
    ['shop_7f3a9c/order/2025/11/26/000123', 'RF78M2O6P9BFRZHJVLW7D8DW7'],
    ['', 'RF58RUNRP6UZKI7E6QILU32UD'],
  ];
  for (const [orderId, ref] of digests) {
    it(`digests ${JSON.stringify(orderId)} (no usable alphanumerics ≤ 21) to ${ref}`, () => {
      expect(creditorReference(orderId)).to.equal(ref);
    });
  }

  it('digests an id made only of non-ASCII letters instead of leaving an empty body', () => {
    const ref = creditorReference('注文番号');
    expect(ref).to.match(/^RF\d{2}[0-9A-Z]{21}$/);
    expect(isValidCreditorReference(ref)).to.equal(true);
  });

  it('answers the same reference on every call', () => {
    const ids = ['cmd-2024-0042', crypto.randomUUID(), 'x'.repeat(200)];
    expect(ids.map(creditorReference)).to.deep.equal(ids.map(creditorReference));
  });

  it('gives valid references of at most 25 characters for every kind of id', () => {
    const ids = [
      'a',
      'cmd-2024-0042',
      '123456789012345678901',
      '1234567890123456789012',
      crypto.randomUUID(),
      'order-2025-000042-spring-sale-newsletter',
      'é'.repeat(500),
      '',
    ];
    for (const id of ids) {
      const ref = creditorReference(id);
      expect(ref.length, id).to.be.at.most(25);
      expect(isValidCreditorReference(ref), `${id} -> ${ref}`).to.equal(true);
    }
  });

  it('gives 10,000 random UUIDs 10,000 different references', () => {
    const refs = new Set(Array.from({ length: 10_000 }, () => creditorReference(crypto.randomUUID())));
    expect(refs.size).to.equal(10_000);
  });

  it('gives 10,000 sequential long ids 10,000 different references', () => {
    const refs = new Set(
      Array.from({ length: 10_000 }, (_, i) =>
        creditorReference(`spring-sale-2025/order/${String(i).padStart(6, '0')}`),
      ),
    );
    expect(refs.size).to.equal(10_000);
  });

  it('tells apart long ids that differ in their last character only', () => {
    const a = creditorReference('order-2025-000042-spring-sale-newsletter-a');
    const b = creditorReference('order-2025-000042-spring-sale-newsletter-b');
    expect(a).not.to.equal(b);
  });

  it('tells apart UUIDs that share their first 20 hex digits', () => {
    const a = creditorReference('3f2c1a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f');
    const b = creditorReference('3f2c1a9e-8b7d-4c6e-9f11-2a3b4c5d6e7f');
    expect(a).not.to.equal(b);
  });
});
