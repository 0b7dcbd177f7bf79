// Realistic order data that is not card data, and published test card numbers that are: what
// the card-number rule is measured against, by its tests (node:test) and by
// scripts/card-data-rates.mjs. Deterministic: one seed, one list.

/** mulberry32: a small seeded PRNG, so a failure is reproduced by its seed. */
export function prng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (items) => items[int(0, items.length - 1)];
  const digits = (count) => Array.from({ length: count }, () => int(0, 9)).join('');
  const letters = (count, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') => Array.from({ length: count }, () => pick(alphabet)).join('');
  return { next, int, pick, digits, letters };
}

const pad = (value, width) => String(value).padStart(width, '0');

/** The Luhn check digit that completes `partial`. */
export function luhnCheckDigit(partial) {
  let sum = 0;
  for (let i = 0; i < partial.length; i++) {
    let digit = Number(partial[partial.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

/** GS1 check digit (EAN-13, UPC-A, GTIN-14): weights 3 and 1 from the right. */
function gs1CheckDigit(partial) {
  let sum = 0;
  for (let i = 0; i < partial.length; i++) sum += Number(partial[partial.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return String((10 - (sum % 10)) % 10);
}

function mod97(text) {
  let remainder = 0;
  for (const char of text) {
    const value = Number.parseInt(char, 36);
    remainder = (remainder * (value > 9 ? 100 : 10) + value) % 97;
  }
  return remainder;
}

/** Groups `text` by `sizes`, joined with `separator`. */
export function grouped(text, sizes, separator) {
  const parts = [];
  let at = 0;
  for (const size of sizes) {
    parts.push(text.slice(at, at + size));
    at += size;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts.filter(Boolean).join(separator);
}

const date = (r) => ({ y: r.int(2019, 2026), m: r.int(1, 12), d: r.int(1, 28), h: r.int(0, 23), min: r.int(0, 59), s: r.int(0, 59) });
const ymd = ({ y, m, d }) => `${y}${pad(m, 2)}${pad(d, 2)}`;
const epochSeconds = (r) => r.int(1_546_300_800, 1_798_761_600); // 2019 to 2026

const IBAN_SHAPES = [
  // Country, BBAN as [kind, count] parts: n digits, a letters, c alphanumerics.
  ['FR', [['n', 5], ['n', 5], ['c', 11], ['n', 2]], ['30004', '30002', '30003', '30006', '20041', '16606', '10107', '11315', '14505', '17515']],
  ['DE', [['n', 8], ['n', 10]]],
  ['ES', [['n', 4], ['n', 4], ['n', 2], ['n', 10]]],
  ['IT', [['a', 1], ['n', 5], ['n', 5], ['c', 12]]],
  ['NL', [['a', 4], ['n', 10]]],
  ['GB', [['a', 4], ['n', 6], ['n', 8]]],
  ['BE', [['n', 12]]],
  ['CH', [['n', 5], ['c', 12]]],
  ['PT', [['n', 21]]],
  ['PL', [['n', 24]]],
  ['AT', [['n', 16]]],
  ['IE', [['a', 4], ['n', 6], ['n', 8]]],
];

function iban(r) {
  const [country, parts, banks] = r.pick(IBAN_SHAPES);
  let bban = parts.map(([kind, count], index) => {
    if (index === 0 && banks) return r.pick(banks);
    if (kind === 'n') return r.digits(count);
    if (kind === 'a') return r.letters(count);
    return Array.from({ length: count }, () => (r.next() < 0.8 ? String(r.int(0, 9)) : r.letters(1))).join('');
  }).join('');
  const check = pad(98 - mod97(`${bban}${country}00`), 2);
  const compact = `${country}${check}${bban}`;
  return r.next() < 0.7 ? grouped(compact, Array(9).fill(4), ' ') : compact;
}

function isbn13(r) {
  const prefix = r.pick(['978', '979']);
  const group = r.pick(['0', '1', '2', '3', '4', '84', '88', '10', '12']);
  const publisher = r.digits(r.int(2, 5));
  const title = r.digits(9 - group.length - publisher.length);
  const check = gs1CheckDigit(prefix + group + publisher + title);
  const dashed = [prefix, group, publisher, title, check].join('-');
  const way = r.int(0, 3);
  if (way === 0) return dashed;
  if (way === 1) return dashed.replace(/-/g, '');
  if (way === 2) return `ISBN ${dashed}`;
  return `${r.pick(['Le Petit Prince', 'Dune', 'Cien años de soledad', 'Atlas'])} (ISBN-13: ${dashed.replace(/-/g, r.pick(['', '-']))})`;
}

function phone(r) {
  switch (r.int(0, 7)) {
    case 0: return `+33${r.pick(['6', '7'])}${r.digits(8)}`;
    case 1: return `+33 ${r.pick(['6', '7'])} ${grouped(r.digits(8), [2, 2, 2, 2], ' ')}`;
    case 2: return `0${r.pick(['6', '7', '1'])} ${grouped(r.digits(8), [2, 2, 2, 2], ' ')}`;
    case 3: return `+1 (${r.int(201, 989)}) ${r.int(200, 999)}-${r.digits(4)}`;
    case 4: return `+1${r.int(201, 989)}${r.int(200, 999)}${r.digits(4)}`;
    case 5: return `+49 ${r.pick(['151', '160', '171', '30', '89'])} ${r.digits(8)}`;
    case 6: return `+44 ${r.pick(['20', '7911'])} ${r.digits(4)} ${r.digits(4)}`;
    default: return `+${r.pick(['49', '86', '91', '55', '34', '39'])}${r.digits(r.int(10, 11))}`;
  }
}

function timestamp(r) {
  const t = date(r);
  const iso = `${t.y}-${pad(t.m, 2)}-${pad(t.d, 2)}`;
  const time = `${pad(t.h, 2)}:${pad(t.min, 2)}:${pad(t.s, 2)}`;
  switch (r.int(0, 8)) {
    case 0: return iso;
    case 1: return `${iso}T${time}.${r.digits(3)}Z`;
    case 2: return `${iso} ${time}`;
    case 3: return `${pad(t.d, 2)}/${pad(t.m, 2)}/${t.y} ${time}`;
    case 4: return String(epochSeconds(r));
    case 5: return `${epochSeconds(r)}${r.digits(3)}`; // milliseconds
    case 6: return `${epochSeconds(r)}${r.digits(6)}`; // microseconds
    case 7: return `${epochSeconds(r)}${r.digits(9)}`; // nanoseconds
    default: return `${ymd(t)}T${pad(t.h, 2)}${pad(t.min, 2)}${pad(t.s, 2)}Z`;
  }
}

function sku(r) {
  switch (r.int(0, 5)) {
    case 0: return `SKU-${r.digits(5)}-${r.pick(['BLU', 'RED', 'BLK'])}-${r.pick(['S', 'M', 'L', 'XL'])}`;
    case 1: { // EAN-13 with a real GS1 country prefix
      const partial = r.pick(['400', '401', '412', '440', '300', '340', '370', '500', '506', '560', '570', '590', '690', '692', '693', '800', '840', '870', '762', '000', '030']) + r.digits(9);
      return `EAN ${partial}${gs1CheckDigit(partial)}`;
    }
    case 2: { const partial = `0${r.digits(10)}`; return partial + gs1CheckDigit(partial); } // UPC-A
    case 3: { // GTIN-14: packaging indicator, then an EAN-13 without its check digit
      const partial = String(r.int(1, 8)) + r.pick(['400', '300', '500', '690', '800', '000', '030']) + r.digits(9);
      return `GTIN ${partial}${gs1CheckDigit(partial)}`;
    }
    case 4: return `${r.letters(3)}${r.digits(6)}`;
    default: return `${r.pick(['tea', 'mug', 'carafe'])}-${r.digits(4)}-${r.digits(2)}`;
  }
}

function uuid(r) {
  const hex = () => r.pick('0123456789abcdef');
  const chunk = (n) => Array.from({ length: n }, hex).join('');
  return `${chunk(8)}-${chunk(4)}-4${chunk(3)}-${r.pick('89ab')}${chunk(3)}-${chunk(12)}`;
}

function tracking(r) {
  switch (r.int(0, 7)) {
    case 0: return `1Z${r.letters(3, 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789')}${r.digits(3)}${r.digits(10)}`; // UPS
    case 1: return r.digits(12); // FedEx Express
    case 2: return `${r.pick(['0', '1', '9'])}${r.digits(14)}`; // FedEx Ground (15 digits)
    case 3: { // USPS, spaced as on the label
      const number = `${r.pick(['9400', '9205', '9407', '9303', '9270', '9208', '9202'])}${r.pick(['1', '5', '3', '8'])}${r.digits(17)}`;
      return r.next() < 0.5 ? grouped(number, [4, 4, 4, 4, 4], ' ') : number;
    }
    case 4: return r.digits(10); // DHL Express
    case 5: return `${r.letters(2)}${r.digits(9)}${r.pick(['GB', 'FR', 'DE', 'CN'])}`; // UPU S10
    case 6: return `6A${r.digits(11)}`; // La Poste Colissimo
    default: return `JJD${r.digits(18)}`; // DHL Parcel
  }
}

function amount(r) {
  const value = r.int(1, 999_999);
  switch (r.int(0, 4)) {
    case 0: return String(value);
    case 1: return `${(value / 100).toFixed(2)} EUR`;
    case 2: return `€${Math.floor(value / 100).toLocaleString('en-US')}.${pad(value % 100, 2)}`;
    case 3: return `${Math.floor(value / 100).toLocaleString('fr-FR').replace(/\u202f/g, ' ')},${pad(value % 100, 2)} €`;
    default: return `${r.int(1, 99)} x ${(value / 100).toFixed(2)}`;
  }
}

function orderId(r) {
  const t = date(r);
  switch (r.int(0, 6)) {
    case 0: return `ORD-${ymd(t)}-${r.digits(6)}`;
    case 1: return `#${t.y}-${r.digits(6)}`;
    case 2: return `INV/${t.y}/${r.digits(6)}`;
    case 3: return `${r.digits(3)}-${r.digits(7)}-${r.digits(7)}`; // marketplace style
    case 4: return `#${r.int(1001, 99999)}`;
    case 5: return `ORD-${epochSeconds(r)}${r.digits(3)}`;
    default: return `${t.y}${pad(t.m, 2)}-${r.letters(4)}-${r.digits(4)}`;
  }
}

function rfReference(r) {
  const body = r.digits(r.int(8, 21));
  const check = pad(98 - mod97(`${body}RF00`), 2);
  const compact = `RF${check}${body}`;
  return r.next() < 0.5 ? grouped(compact, Array(7).fill(4), ' ') : compact;
}

/** Each kind with its share of the list. */
export const REFERENCE_KINDS = {
  'order id': [orderId, 20],
  'ISBN-13': [isbn13, 10],
  IBAN: [iban, 10],
  'RF creditor reference': [rfReference, 4],
  phone: [phone, 10],
  'date or timestamp': [timestamp, 12],
  SKU: [sku, 10],
  UUID: [uuid, 8],
  'tracking number': [tracking, 10],
  amount: [amount, 6],
};

/** `count` realistic references, the same ones for the same seed: `{ kind, text }`. */
export function realisticReferences(count, seed = 20250601) {
  const r = prng(seed);
  const kinds = Object.entries(REFERENCE_KINDS);
  const total = kinds.reduce((sum, [, [, weight]]) => sum + weight, 0);
  const references = [];
  for (let i = 0; i < count; i++) {
    let roll = r.next() * total;
    const [kind, [make]] = kinds.find(([, [, weight]]) => (roll -= weight) < 0) ?? kinds.at(-1);
    references.push({ kind, text: make(r) });
  }
  return references;
}

/** Published test card numbers (Stripe, Adyen, PayPal sandbox): every one must be refused. */
export const TEST_CARDS = {
  Stripe: [
    '4242424242424242', '4000056655665556', '5555555555554444', '2223003122003222', '5200828282828210',
    '5105105105105100', '378282246310005', '371449635398431', '6011111111111117', '6011000990139424',
    '6011981111111113', '3056930009020004', '36227206271667', '3566002020360505', '6200000000000005',
    '6205500000000000004', '4000002500003155', '4000000000009995', '4000002760003184', '4000000000000002',
    '4000000760000002', '4000001240000000', '4000004840008001', '4000002500001001', '5555552500001001',
  ],
  Adyen: [
    '4111111111111111', '5555444433331111', '370000000000002', '4212345678901237', '5454545454545454',
    '6011601160116611', '36006666333344', '3569990010095841', '4917610000000000003', '6703444444444449',
    '5100081112223332', '5100290029002909', '5577000055770004', '5136333333333335', '5585558555855583',
    '5500000000000004', '5424000000000015', '4988438843884305', '4166676667666746', '4646464646464644',
    '4444333322221111', '4400000000000008', '4977949494949497',
  ],
  PayPal: [
    '4032039317984658', '371449635398431', '376680816376961', '36259600000004', '6304000000000000',
    '5063516945005047', '2223000048400011', '4005519200000004', '4012000033330026', '4012000077777777',
    '4012888888881881', '4217651111111119', '4500600000000061', '4772129056533503', '4915805038587737',
  ],
};

/** How each length of card number is printed. */
export const PRINTED_GROUPS = {
  14: [4, 6, 4],
  15: [4, 6, 5],
  16: [4, 4, 4, 4],
  17: [4, 4, 4, 4, 1],
  18: [4, 4, 4, 4, 2],
  19: [4, 4, 4, 4, 3],
};

/** `number` as one run, and in its printed groups with spaces and with dashes. */
export function writtenForms(number) {
  const groups = PRINTED_GROUPS[number.length];
  return [number, grouped(number, groups, ' '), grouped(number, groups, '-')];
}

/**
 * Runs `containsSensitiveData` over `count` realistic references (each alone and as a field
 * of an order) and over every published test card in every written form (alone, in a note,
 * in an order, and as a JSON number where one can hold it exactly).
 */
export function measure(containsSensitiveData, { count, seed } = { count: 100_000 }) {
  const falsePositives = [];
  for (const reference of realisticReferences(count, seed)) {
    const order = { orderId: 'ord-1', items: [{ name: reference.text, quantity: 1, amount: 100 }] };
    if (containsSensitiveData(reference.text) || containsSensitiveData(order)) falsePositives.push(reference);
  }
  const misses = [];
  let cardCases = 0;
  for (const [source, numbers] of Object.entries(TEST_CARDS)) {
    for (const number of numbers) {
      const cases = writtenForms(number).flatMap((form) => [form, `card: ${form} exp 12/34`, { customer: { name: form } }]);
      if (Number.isSafeInteger(Number(number))) cases.push({ items: [{ name: 'Tea', quantity: 1, amount: Number(number) }] });
      for (const body of cases) {
        cardCases++;
        if (!containsSensitiveData(body)) misses.push({ source, number, body });
      }
    }
  }
  return { references: count, falsePositives, cardCases, misses };
}
