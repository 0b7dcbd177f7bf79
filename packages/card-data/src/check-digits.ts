/** Check-digit schemes that tell card numbers and bank references apart. */

/** Luhn (ISO/IEC 7812): every payment card number passes it. `digits` holds only 0-9. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/**
 * ISO 7064 MOD 97-10, as used by IBANs and ISO 11649 creditor references (`RF18 5390 0754
 * 7034`). Such a reference can hold a Luhn-valid run of digits by chance, so it is recognised
 * first and never mistaken for a card number.
 */
export function isMod97Reference(text: string): boolean {
  const compact = text.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(compact)) return false;
  const rotated = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rotated) {
    const value = Number.parseInt(char, 36); // '0'-'9' -> 0-9, 'A'-'Z' -> 10-35
    remainder = (remainder * (value > 9 ? 100 : 10) + value) % 97;
  }
  return remainder === 1;
}
