/**
 * IBAN (ISO 13616) and BIC (ISO 9362) checks for the merchant account shown in bank-transfer
 * instructions. The account comes from attributes or from the merchant's server, so a typo
 * is an expected outcome: results are returned, never thrown.
 */
import {
  ValidationErrorsBIC,
  ValidationErrorsIBAN,
  isSEPACountry,
  validateBIC,
  validateIBAN,
} from 'ibantools';

export type IbanProblem =
  | 'empty'
  | 'unknown-country'
  | 'wrong-length'
  | 'wrong-format'
  | 'wrong-check-digits'
  | 'wrong-national-check'
  | 'qr-iban';

export type IbanResult =
  | { ok: true; iban: string; sepa: boolean }
  | { ok: false; reason: IbanProblem };

export type BicProblem = 'empty' | 'wrong-format' | 'unknown-country';

export type BicResult = { ok: true; bic: string } | { ok: false; reason: BicProblem };

// ibantools reports every failed check at once (a short IBAN also fails the BBAN pattern and
// mod-97); the first match here is the one a person can act on.
const IBAN_PROBLEMS: ReadonlyArray<readonly [ValidationErrorsIBAN, IbanProblem]> = [
  [ValidationErrorsIBAN.NoIBANProvided, 'empty'],
  [ValidationErrorsIBAN.NoIBANCountry, 'unknown-country'],
  [ValidationErrorsIBAN.WrongBBANLength, 'wrong-length'],
  [ValidationErrorsIBAN.WrongBBANFormat, 'wrong-format'],
  [ValidationErrorsIBAN.ChecksumNotNumber, 'wrong-format'],
  [ValidationErrorsIBAN.WrongIBANChecksum, 'wrong-check-digits'],
  [ValidationErrorsIBAN.WrongAccountBankBranchChecksum, 'wrong-national-check'],
  [ValidationErrorsIBAN.QRIBANNotAllowed, 'qr-iban'],
];

/**
 * Electronic format (ISO 13616-1): no separators, upper case. Merchants paste IBANs from
 * statements and PDFs, where the paper format's groups are often joined by no-break or
 * narrow no-break spaces (French typography), so every Unicode space goes, not only U+0020.
 */
export function normalizeIban(input: string): string {
  return input.replace(/\s+/gu, '').toUpperCase();
}

/**
 * ibantools checks, per country of its registry copy: the length, the BBAN pattern, the
 * ISO 7064 mod 97-10 check digits, and for some countries (FR, MC, BE, ES, PL, NO…) the
 * national key inside the BBAN. Its `isValidIBAN` wants the electronic format, hence the
 * normalisation first.
 */
export function parseIban(input: string): IbanResult {
  const iban = normalizeIban(input);
  // A Swiss/Liechtenstein QR-IBAN only accepts QR-bill "QRR" references; a SEPA transfer
  // carrying an RF creditor reference to it is rejected by the beneficiary's bank.
  const { errorCodes } = validateIBAN(iban, { allowQRIBAN: false });
  const problem = IBAN_PROBLEMS.find(([code]) => errorCodes.includes(code));
  if (problem) return { ok: false, reason: problem[1] };
  return { ok: true, iban, sepa: isSEPACountry(iban.slice(0, 2)) };
}

export function isValidIban(input: string): boolean {
  return parseIban(input).ok;
}

/** Paper format (ISO 13616-1): groups of four characters separated by one space. */
export function formatIban(iban: string): string {
  return normalizeIban(iban).replace(/(.{4})(?!$)/g, '$1 ');
}

export function normalizeBic(input: string): string {
  return input.replace(/\s+/gu, '').toUpperCase();
}

/**
 * ibantools accepts the pre-2014 ISO 9362 shape: 4 letters (institution), 2 letters (a
 * country it knows), 2 alphanumerics (location), optional 3 alphanumerics (branch). ISO
 * 9362:2014 allows digits in the first four, but no published BIC uses them yet.
 */
export function parseBic(input: string): BicResult {
  const bic = normalizeBic(input);
  const { errorCodes } = validateBIC(bic);
  if (errorCodes.includes(ValidationErrorsBIC.NoBICProvided)) return { ok: false, reason: 'empty' };
  if (errorCodes.includes(ValidationErrorsBIC.WrongBICFormat)) {
    return { ok: false, reason: 'wrong-format' };
  }
  if (errorCodes.includes(ValidationErrorsBIC.NoBICCountry)) {
    return { ok: false, reason: 'unknown-country' };
  }
  return { ok: true, bic };
}

export function isValidBic(input: string): boolean {
  return parseBic(input).ok;
}
