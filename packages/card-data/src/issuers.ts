/**
 * Who issues payment cards, by the leading digits of the number (the IIN, ISO/IEC 7812), and how
 * long their numbers are. A run of digits that passes Luhn but starts like no issuer's number (a
 * millisecond timestamp, an ISBN, a tracking number starting with 9) is not a card number.
 */

export interface CardIssuer {
  readonly brand: string;
  /** Leading digits: a single prefix (`'4'`) or an inclusive range of equally long ones (`'2221-2720'`). */
  readonly prefixes: readonly string[];
  readonly lengths: readonly number[];
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export const CARD_ISSUERS: readonly CardIssuer[] = [
  // 16 digits, and 19 for some debit cards. The old 13-digit Visa numbers are left out: none has
  // been issued for years, and a German EAN-13 barcode (400-440) would pass one time in ten.
  { brand: 'Visa', prefixes: ['4'], lengths: [16, 19] },
  { brand: 'Mastercard', prefixes: ['51-55', '2221-2720'], lengths: [16] },
  { brand: 'American Express', prefixes: ['34', '37'], lengths: [15] },
  { brand: 'Discover', prefixes: ['6011', '644-649', '65', '622126-622925'], lengths: range(16, 19) },
  { brand: 'Diners Club', prefixes: ['36', '38-39'], lengths: range(14, 19) },
  // Diners' other ranges, 16 digits and more only: a 14-digit 300-305 number is the retired
  // Carte Blanche's, and the shape of a GTIN-14 case code of a US or Canadian product (`3 0…`).
  { brand: 'Diners Club', prefixes: ['300-305', '3095'], lengths: range(16, 19) },
  { brand: 'JCB', prefixes: ['3528-3589'], lengths: range(16, 19) },
  { brand: 'UnionPay', prefixes: ['62', '81'], lengths: range(16, 19) },
  // Maestro also issued 12- to 15-digit numbers, long gone; keeping them would take EAN-13
  // barcodes from the UK (50), Portugal (560), Denmark (57) or China (690-699) for cards.
  { brand: 'Maestro', prefixes: ['50', '56-69'], lengths: range(16, 19) },
  { brand: 'Mir', prefixes: ['2200-2204'], lengths: range(16, 19) },
  { brand: 'RuPay', prefixes: ['60', '65', '81', '82', '508', '353', '356'], lengths: [16] },
  { brand: 'Verve', prefixes: ['506099-506198', '507865-507964', '650002-650027'], lengths: [16, 18, 19] },
  { brand: 'Troy', prefixes: ['9792'], lengths: [16] },
  { brand: 'BORICA', prefixes: ['2205'], lengths: [16] },
  { brand: 'UzCard', prefixes: ['8600'], lengths: [16] },
  { brand: 'Humo', prefixes: ['9860'], lengths: [16] },
  { brand: 'LankaPay', prefixes: ['357111'], lengths: [16] },
  { brand: 'InterPayment', prefixes: ['636'], lengths: range(16, 19) },
  { brand: 'InstaPayment', prefixes: ['637-639'], lengths: [16] },
];

function startsWith(digits: string, prefix: string): boolean {
  const [from, to = from] = prefix.split('-') as [string, string?];
  const head = digits.slice(0, from.length);
  // Equally long digit strings compare as their numbers do.
  return head.length === from.length && head >= from && head <= to;
}

/** The issuers whose numbers can start like `digits` and be as long. */
export function issuersOf(digits: string): CardIssuer[] {
  return CARD_ISSUERS.filter((issuer) =>
    issuer.lengths.includes(digits.length) && issuer.prefixes.some((prefix) => startsWith(digits, prefix)));
}
