import { expect } from '@open-wc/testing';
import {
  formatIban,
  isValidBic,
  isValidIban,
  normalizeIban,
  parseBic,
  parseIban,
  type BicProblem,
  type IbanProblem,
} from './iban.js';

// Examples published in the SWIFT IBAN registry (and reproduced by the national banks).
const REGISTRY_EXAMPLES = {
  FR: 'FR1420041010050500013M02606',
  DE: 'DE89370400440532013000',
  BE: 'BE68539007547034',
  NL: 'NL91ABNA0417164300',
  ES: 'ES9121000418450200051332',
  IT: 'IT60X0542811101000000123456',
  GB: 'GB29NWBK60161331926819',
  CH: 'CH9300762011623852957',
  LU: 'LU280019400644750000',
  MC: 'MC5811222000010123456789030',
  AT: 'AT611904300234573201',
  PT: 'PT50000201231234567890154',
  IE: 'IE29AIBK93115212345678',
  FI: 'FI2112345600000785',
  MT: 'MT84MALT011000012345MTLCAST001S',
};

describe('IBAN', () => {
  describe('normalizeIban', () => {
    it('removes ordinary, no-break and narrow no-break spaces and upper-cases', () => {
      expect(normalizeIban(' fr14 2004\u00a01010\u202f0505\t0001 3m02 606 ')).to.equal(
        'FR1420041010050500013M02606',
      );
    });

    it('leaves other punctuation for the validator to reject', () => {
      expect(normalizeIban('DE89-3704-0044')).to.equal('DE89-3704-0044');
    });
  });

  describe('parseIban', () => {
    for (const [country, iban] of Object.entries(REGISTRY_EXAMPLES)) {
      it(`accepts the registry example for ${country} in electronic format`, () => {
        expect(parseIban(iban)).to.deep.equal({ ok: true, iban, sepa: true });
      });
    }

    it('accepts the paper format and lower case, answering the electronic format', () => {
      expect(parseIban('fr14 2004 1010 0505 0001 3m02 606')).to.deep.equal({
        ok: true,
        iban: 'FR1420041010050500013M02606',
        sepa: true,
      });
    });

    it('flags a valid IBAN outside SEPA as such', () => {
      expect(parseIban('BR1800360305000010009795493C1')).to.deep.equal({
        ok: true,
        iban: 'BR1800360305000010009795493C1',
        sepa: false,
      });
    });

    const invalid: ReadonlyArray<readonly [string, string, IbanProblem]> = [
      ['no input', '', 'empty'],
      ['only spaces', '   ', 'empty'],
      ['check digits off by one', 'DE88370400440532013000', 'wrong-check-digits'],
      ['one BBAN digit changed', 'DE89370400440532013001', 'wrong-check-digits'],
      ['two digits swapped', 'DE89370400440532031000', 'wrong-check-digits'],
      ['a German IBAN one character short', 'DE8937040044053201300', 'wrong-length'],
      ['a French IBAN one character long', 'FR14200410100505000013M026060', 'wrong-length'],
      ['an unassigned country code', 'XX89370400440532013000', 'unknown-country'],
      ['a country without IBANs (US)', 'US64SVBKUS6S3300958879', 'unknown-country'],
      ['a letter O where Germany has only digits', 'DE89370400440532O13000', 'wrong-format'],
      ['letters as check digits', 'DEAB370400440532013000', 'wrong-format'],
      // FR84… has correct ISO 13616 check digits around a BBAN whose RIB key (07) is wrong.
      ['a French RIB key that does not match', 'FR8420041010050500013M02607', 'wrong-national-check'],
      ['a Swiss QR-IBAN (QR-bill references only)', 'CH4431999123000889012', 'qr-iban'],
    ];
    for (const [what, input, reason] of invalid) {
      it(`refuses ${what} with reason ${reason}`, () => {
        expect(parseIban(input)).to.deep.equal({ ok: false, reason });
        expect(isValidIban(input)).to.equal(false);
      });
    }
  });

  describe('isValidIban', () => {
    it('answers true for every registry example', () => {
      const verdicts = Object.values(REGISTRY_EXAMPLES).map(isValidIban);
      expect(verdicts).to.deep.equal(Object.values(REGISTRY_EXAMPLES).map(() => true));
    });
  });

  describe('formatIban', () => {
    it('writes groups of four with the shorter group last', () => {
      expect(formatIban('FR1420041010050500013M02606')).to.equal('FR14 2004 1010 0505 0001 3M02 606');
      expect(formatIban('DE89370400440532013000')).to.equal('DE89 3704 0044 0532 0130 00');
    });

    it('ends without a separator when the length is a multiple of four', () => {
      expect(formatIban('BE68539007547034')).to.equal('BE68 5390 0754 7034');
    });

    it('regroups an IBAN typed with irregular spacing and lower case', () => {
      expect(formatIban('nl91abna 04171643 00')).to.equal('NL91 ABNA 0417 1643 00');
    });
  });
});

describe('BIC', () => {
  const valid: ReadonlyArray<readonly [string, string]> = [
    ['DEUTDEFF', 'DEUTDEFF'],
    ['DEUTDEFF500', 'DEUTDEFF500'],
    ['BNPAFRPPXXX', 'BNPAFRPPXXX'],
    ['NWBKGB2L', 'NWBKGB2L'],
    ['GEBABEBB', 'GEBABEBB'],
    ['PSSTFRPPXXX', 'PSSTFRPPXXX'],
    [' bnpa frpp ', 'BNPAFRPP'],
  ];
  for (const [input, bic] of valid) {
    it(`accepts ${JSON.stringify(input)} as ${bic}`, () => {
      expect(parseBic(input)).to.deep.equal({ ok: true, bic });
      expect(isValidBic(input)).to.equal(true);
    });
  }

  const invalid: ReadonlyArray<readonly [string, string, BicProblem]> = [
    ['no input', '', 'empty'],
    ['7 characters', 'DEUTDEF', 'wrong-format'],
    ['9 characters', 'DEUTDEFF5', 'wrong-format'],
    ['12 characters', 'DEUTDEFF5000', 'wrong-format'],
    ['a digit in the institution code', 'DEU1DEFF', 'wrong-format'],
    ['punctuation', 'DEUTDEF!', 'wrong-format'],
    ['an unassigned country code', 'DEUTXXFF', 'unknown-country'],
  ];
  for (const [what, input, reason] of invalid) {
    it(`refuses ${what} with reason ${reason}`, () => {
      expect(parseBic(input)).to.deep.equal({ ok: false, reason });
      expect(isValidBic(input)).to.equal(false);
    });
  }
});
