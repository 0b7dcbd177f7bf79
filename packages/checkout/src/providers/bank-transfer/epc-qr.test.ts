import { expect } from '@open-wc/testing';
import { creditorReference } from './creditor-reference.js';
import { epcPayload, type EpcTransfer } from './epc-qr.js';

const order: EpcTransfer = {
  bic: 'PSSTFRPPXXX',
  beneficiary: 'Crêperie Zoé',
  iban: 'FR14 2004 1010 0505 0001 3M02 606',
  amountMinor: 4990,
  currency: 'EUR',
  reference: creditorReference('cmd-2024-0042'),
};

const bytes = (text: string) => new TextEncoder().encode(text).length;

function payloadOf(transfer: EpcTransfer): string {
  const result = epcPayload(transfer);
  if (!result.ok) throw new Error(`expected a payload, got ${result.reason}`);
  return result.payload;
}

describe('epcPayload', () => {
  it('writes the ten lines of a version 002 UTF-8 SCT for a known order', () => {
    expect(epcPayload(order)).to.deep.equal({
      ok: true,
      payload:
        'BCD\n002\n1\nSCT\nPSSTFRPPXXX\nCrêperie Zoé\nFR1420041010050500013M02606\n' +
        'EUR49.9\n\nRF72CMD20240042',
    });
  });

  it('reproduces the EPC069-12 example, apart from its version and purpose code', () => {
    // The guideline's example: BCD/001/1/SCT/BHBLDEHHXXX/Franz Mustermänn/
    // DE71110220330123456789/EUR12.3/GDDS/RF18539007547034.
    const payload = payloadOf({
      bic: 'BHBLDEHHXXX',
      beneficiary: 'Franz Mustermänn',
      iban: 'DE71110220330123456789',
      amountMinor: 1230,
      currency: 'EUR',
      reference: 'RF18539007547034',
    });
    expect(payload).to.equal(
      'BCD\n002\n1\nSCT\nBHBLDEHHXXX\nFranz Mustermänn\nDE71110220330123456789\nEUR12.3\n\nRF18539007547034',
    );
  });

  it('ends on the reference: no separator after the last populated element', () => {
    const payload = payloadOf(order);
    expect(payload.endsWith('\nRF72CMD20240042')).to.equal(true);
    expect(payload.split('\n')).to.have.length(10);
  });

  it('leaves the BIC line empty when no BIC is given for an EEA account', () => {
    const { bic: _omitted, ...withoutBic } = order;
    expect(payloadOf(withoutBic).split('\n').slice(3, 6)).to.deep.equal(['SCT', '', 'Crêperie Zoé']);
    expect(payloadOf({ ...order, bic: '  ' }).split('\n')[4]).to.equal('');
  });

  it('writes the BIC, IBAN and reference in electronic format', () => {
    const lines = payloadOf({ ...order, bic: 'psst frpp xxx', reference: 'rf72 cmd2 0240 042' }).split('\n');
    expect([lines[4], lines[6], lines[9]]).to.deep.equal([
      'PSSTFRPPXXX',
      'FR1420041010050500013M02606',
      'RF72CMD20240042',
    ]);
  });

  it('trims the beneficiary name', () => {
    expect(payloadOf({ ...order, beneficiary: '  Crêperie Zoé ' }).split('\n')[5]).to.equal('Crêperie Zoé');
  });

  describe('amount', () => {
    const cases: ReadonlyArray<readonly [number, string]> = [
      [1, 'EUR0.01'],
      [10, 'EUR0.1'],
      [29, 'EUR0.29'],
      [100, 'EUR1'],
      [4990, 'EUR49.9'],
      [4999, 'EUR49.99'],
      [100_000_000, 'EUR1000000'],
      [100_000_005, 'EUR1000000.05'],
      [99_999_999_999, 'EUR999999999.99'],
    ];
    for (const [amountMinor, line] of cases) {
      it(`writes ${amountMinor} cents as ${line}`, () => {
        expect(payloadOf({ ...order, amountMinor }).split('\n')[7]).to.equal(line);
      });
    }

    const outOfRange = [0, -1, -4990, 100_000_000_000, 49.9, Number.NaN, Number.POSITIVE_INFINITY];
    for (const amountMinor of outOfRange) {
      it(`refuses ${amountMinor} cents`, () => {
        expect(epcPayload({ ...order, amountMinor })).to.deep.equal({
          ok: false,
          reason: 'amount-out-of-range',
        });
      });
    }
  });

  it('refuses any currency but the euro, which is all SEPA transfers carry', () => {
    for (const currency of ['USD', 'CHF', 'GBP', '']) {
      expect(epcPayload({ ...order, currency }), currency).to.deep.equal({
        ok: false,
        reason: 'currency-not-eur',
      });
    }
  });

  describe('beneficiary', () => {
    it('accepts 70 characters', () => {
      const beneficiary = 'B'.repeat(70);
      expect(payloadOf({ ...order, beneficiary }).split('\n')[5]).to.equal(beneficiary);
    });

    it('refuses 71 characters', () => {
      expect(epcPayload({ ...order, beneficiary: 'B'.repeat(71) })).to.deep.equal({
        ok: false,
        reason: 'beneficiary-too-long',
      });
    });

    it('counts characters, not bytes nor UTF-16 units, against the 70 limit', () => {
      // 70 × "é" is 140 bytes; 70 × "𝄞" is 140 UTF-16 units and 280 bytes.
      expect(epcPayload({ ...order, beneficiary: 'é'.repeat(70) }).ok).to.equal(true);
      expect(epcPayload({ ...order, beneficiary: 'é'.repeat(71) })).to.deep.equal({
        ok: false,
        reason: 'beneficiary-too-long',
      });
      const clefs = epcPayload({ ...order, beneficiary: '𝄞'.repeat(70) });
      expect(clefs).to.deep.equal({ ok: false, reason: 'too-long' });
    });

    it('refuses an empty name', () => {
      for (const beneficiary of ['', '   ']) {
        expect(epcPayload({ ...order, beneficiary })).to.deep.equal({
          ok: false,
          reason: 'invalid-beneficiary',
        });
      }
    });

    it('refuses a line break that would push the IBAN onto another line', () => {
      for (const beneficiary of ['Shop\nDE89370400440532013000', 'Shop\r\nX', 'Shop\u0000']) {
        expect(epcPayload({ ...order, beneficiary })).to.deep.equal({
          ok: false,
          reason: 'invalid-beneficiary',
        });
      }
    });
  });

  describe('331-byte limit', () => {
    // Everything but the name, with the longest amount: BCD, 002, 1, SCT, an 11-char BIC,
    // a 27-char IBAN, EUR999999999.99, an empty purpose, a 15-char reference and 9 line
    // feeds make 87 bytes, leaving 244 for the name.
    const base = { ...order, amountMinor: 99_999_999_999 };

    it('has the 87-byte fixed part this test assumes', () => {
      expect(bytes(payloadOf({ ...base, beneficiary: 'x' })) - 1).to.equal(87);
    });

    it('accepts a payload of exactly 331 bytes, far fewer characters', () => {
      // 61 × "𝄞" (U+1D11E, 4 bytes in UTF-8) = 244 bytes in 61 characters.
      const payload = payloadOf({ ...base, beneficiary: '𝄞'.repeat(61) });
      expect(bytes(payload)).to.equal(331);
      expect([...payload].length).to.equal(87 + 61);
    });

    it('refuses 332 bytes although the name is within 70 characters', () => {
      const beneficiary = '𝄞'.repeat(61) + 'a';
      expect([...beneficiary].length).to.equal(62);
      expect(epcPayload({ ...base, beneficiary })).to.deep.equal({ ok: false, reason: 'too-long' });
    });
  });

  describe('account', () => {
    it('refuses an IBAN with wrong check digits', () => {
      expect(epcPayload({ ...order, iban: 'FR1520041010050500013M02606' })).to.deep.equal({
        ok: false,
        reason: 'invalid-iban',
      });
    });

    it('refuses a valid IBAN outside SEPA', () => {
      expect(
        epcPayload({ ...order, bic: 'BRASBRRJ', iban: 'BR1800360305000010009795493C1' }),
      ).to.deep.equal({ ok: false, reason: 'invalid-iban' });
    });

    it('refuses a Swiss QR-IBAN, which cannot take an RF reference', () => {
      expect(
        epcPayload({ ...order, bic: 'POFICHBEXXX', iban: 'CH4431999123000889012' }),
      ).to.deep.equal({ ok: false, reason: 'invalid-iban' });
    });

    it('refuses a malformed BIC', () => {
      expect(epcPayload({ ...order, bic: 'PSSTFRP' })).to.deep.equal({ ok: false, reason: 'invalid-bic' });
    });

    it('requires a BIC for an account outside the EEA and accepts it with one', () => {
      const swiss = { ...order, iban: 'CH9300762011623852957' };
      const { bic: _omitted, ...withoutBic } = swiss;
      expect(epcPayload(withoutBic)).to.deep.equal({ ok: false, reason: 'bic-required' });
      expect(payloadOf({ ...swiss, bic: 'UBSWCHZH80A' }).split('\n')[4]).to.equal('UBSWCHZH80A');
    });
  });

  it('refuses a reference that is not a valid RF creditor reference', () => {
    for (const reference of ['RF19539007547034', 'cmd-2024-0042', '']) {
      expect(epcPayload({ ...order, reference }), reference).to.deep.equal({
        ok: false,
        reason: 'invalid-reference',
      });
    }
  });
});
