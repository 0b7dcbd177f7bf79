/**
 * Payload of the EPC QR code ("GiroCode", EPC069-12 v3.0, payload version 002) that a banking
 * app scans to pre-fill a SEPA Credit Transfer. Every field is checked here, because a wrong
 * payload does not fail loudly: it pre-fills a transfer to the wrong place, or the app
 * refuses the code and the shopper gives up.
 */
import { isValidCreditorReference, normalizeCreditorReference } from './creditor-reference.js';
import { parseBic, parseIban } from './iban.js';

export interface EpcTransfer {
  /** Optional in version 002 within the EEA; required when the account is outside it. */
  bic?: string;
  beneficiary: string;
  iban: string;
  /** Integer, euro cents. */
  amountMinor: number;
  currency: string;
  /** ISO 11649 RF creditor reference, electronic or paper format. */
  reference: string;
}

export type EpcProblem =
  | 'currency-not-eur'
  | 'amount-out-of-range'
  | 'beneficiary-too-long'
  | 'invalid-beneficiary'
  | 'invalid-iban'
  | 'invalid-bic'
  | 'bic-required'
  | 'invalid-reference'
  | 'too-long';

export type EpcPayloadResult = { ok: true; payload: string } | { ok: false; reason: EpcProblem };

/** EPC069-12: at most 331 bytes, the byte-mode capacity of QR version 13 at ECC level M. */
export const EPC_MAX_PAYLOAD_BYTES = 331;
export const EPC_MAX_BENEFICIARY_CHARS = 70;
/** EPC069-12 amount bounds, in cents: 0.01 to 999999999.99. */
export const EPC_MIN_AMOUNT_MINOR = 1;
export const EPC_MAX_AMOUNT_MINOR = 99_999_999_999;

/**
 * IBAN country codes of the EEA (EU 27 + Iceland, Liechtenstein, Norway). The SEPA rulebooks
 * let version 002 omit the BIC only when both banks are in the EEA; for a beneficiary in
 * Switzerland, the UK, Monaco… the payer's bank needs it.
 */
const EEA = new Set(
  ('AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK ' +
    'IS LI NO').split(' '),
);

// A line break inside a field would shift every later field by one line: the IBAN line
// would then hold part of the name. Other control characters have no place in a name either.
const CONTROL = /\p{Cc}/u;

export function epcPayload(transfer: EpcTransfer): EpcPayloadResult {
  // SEPA Credit Transfers are euro-only; the QR has no currency field, only the "EUR" prefix.
  if (transfer.currency.toUpperCase() !== 'EUR') return { ok: false, reason: 'currency-not-eur' };

  const { amountMinor } = transfer;
  if (
    !Number.isSafeInteger(amountMinor) ||
    amountMinor < EPC_MIN_AMOUNT_MINOR ||
    amountMinor > EPC_MAX_AMOUNT_MINOR
  ) {
    return { ok: false, reason: 'amount-out-of-range' };
  }

  const beneficiary = transfer.beneficiary.trim();
  if (beneficiary === '' || CONTROL.test(beneficiary)) {
    return { ok: false, reason: 'invalid-beneficiary' };
  }
  // The limit is in characters (code points), not UTF-16 units nor bytes; bytes are
  // bounded separately by the 331-byte total.
  if ([...beneficiary].length > EPC_MAX_BENEFICIARY_CHARS) {
    return { ok: false, reason: 'beneficiary-too-long' };
  }

  const iban = parseIban(transfer.iban);
  // An SCT only reaches accounts in the SEPA scheme; a valid Brazilian IBAN is no use here.
  if (!iban.ok || !iban.sepa) return { ok: false, reason: 'invalid-iban' };

  let bic = '';
  if (transfer.bic !== undefined && transfer.bic.trim() !== '') {
    const parsed = parseBic(transfer.bic);
    if (!parsed.ok) return { ok: false, reason: 'invalid-bic' };
    bic = parsed.bic;
  } else if (!EEA.has(iban.iban.slice(0, 2))) {
    return { ok: false, reason: 'bic-required' };
  }

  if (!isValidCreditorReference(transfer.reference)) {
    return { ok: false, reason: 'invalid-reference' };
  }

  const payload = [
    'BCD', // service tag
    '002', // version: BIC optional
    '1', // character set: UTF-8
    'SCT', // SEPA Credit Transfer
    bic,
    beneficiary,
    iban.iban,
    `EUR${formatAmount(amountMinor)}`,
    '', // purpose code: none
    normalizeCreditorReference(transfer.reference),
    // Unstructured remittance and the note to the payer are left out: EPC069-12 forbids
    // unstructured text next to a structured reference, and the last populated element
    // must not be followed by a separator.
  ].join('\n');

  if (new TextEncoder().encode(payload).length > EPC_MAX_PAYLOAD_BYTES) {
    return { ok: false, reason: 'too-long' };
  }
  return { ok: true, payload };
}

/**
 * Dot as decimal separator, no thousands separator, no trailing zeros: EPC069-12's own
 * example encodes 12.30 as "EUR12.3", and the rule is only "at most two decimals", so whole
 * euros carry no fraction ("EUR20", as segno writes them). Built from the integer so no
 * float rounding can turn 0.29 into 0.28999….
 */
function formatAmount(amountMinor: number): string {
  const euros = Math.floor(amountMinor / 100);
  const cents = String(amountMinor % 100).padStart(2, '0').replace(/0+$/, '');
  return cents === '' ? String(euros) : `${euros}.${cents}`;
}
