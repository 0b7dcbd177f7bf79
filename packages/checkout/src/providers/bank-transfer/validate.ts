/**
 * The merchant's bank attributes checked in depth (ISO 13616 country length and mod-97, the
 * national check keys ibantools knows, BIC format). It lives in the bank-transfer chunk so that
 * pages without bank transfer never download the IBAN registry.
 */
import type { ConfigIssue } from '../../config.js';
import { isValidBic, parseIban } from './iban.js';

const ibanProblems: Record<Exclude<ReturnType<typeof parseIban>, { ok: true }>['reason'], string> = {
  empty: 'it is empty',
  'unknown-country': 'unknown country code',
  'wrong-length': 'wrong length for its country',
  'wrong-format': 'characters not allowed for its country',
  'wrong-check-digits': 'the check digits do not match',
  'wrong-national-check': "the bank's own check key does not match",
  'qr-iban': 'a Swiss QR-IBAN only takes QR-bill references, not the RF reference Relais uses',
};

export function bankIssues(iban: string | null | undefined, bic: string | null | undefined): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (iban?.trim()) {
    const parsed = parseIban(iban);
    if (!parsed.ok) {
      const fix = `bank-iban is not a valid IBAN (${ibanProblems[parsed.reason]}); copy it again from your bank.`;
      issues.push({ code: 'bank-iban-invalid', attribute: 'bank-iban', value: iban, fix });
    }
  }
  if (bic?.trim() && !isValidBic(bic)) {
    const fix = 'bank-bic must be an 8 or 11 character BIC/SWIFT code, e.g. BNPAFRPP.';
    issues.push({ code: 'bank-bic-invalid', attribute: 'bank-bic', value: bic, fix });
  }
  return issues;
}
