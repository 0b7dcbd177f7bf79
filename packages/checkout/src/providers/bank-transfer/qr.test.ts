import { expect, fixture } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
// jsqr ships only a UMD bundle and the test server does not convert CommonJS, so in the
// browser it has no default export: loaded as a module it sets `self.jsQR` instead.
import 'jsqr';
import type jsQRFunction from 'jsqr';
import { creditorReference } from './creditor-reference.js';
import { epcPayload, type EpcTransfer } from './epc-qr.js';
import { QR_QUIET_ZONE, qrMatrix, renderQr } from './qr.js';

const jsQR = (globalThis as unknown as { jsQR: typeof jsQRFunction }).jsQR;
const PX_PER_MODULE = 8;

const order: EpcTransfer = {
  bic: 'PSSTFRPPXXX',
  beneficiary: 'Relais Demo SARL',
  iban: 'FR1420041010050500013M02606',
  amountMinor: 4990,
  currency: 'EUR',
  reference: creditorReference('cmd-2024-0042'),
};

function payloadOf(transfer: EpcTransfer): string {
  const result = epcPayload(transfer);
  if (!result.ok) throw new Error(`expected a payload, got ${result.reason}`);
  return result.payload;
}

const utf8 = (text: string) => Array.from(new TextEncoder().encode(text));

/** Renders like a page would, then rasterises the serialised SVG the way a screenshot would. */
async function rasterise(template: TemplateResult) {
  const svg = await fixture<SVGSVGElement>(template);
  const side = svg.viewBox.baseVal.width;
  const pixels = side * PX_PER_MODULE;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('width', String(pixels));
  copy.setAttribute('height', String(pixels));
  const markup = new XMLSerializer().serializeToString(copy);
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = pixels;
    canvas.height = pixels;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2d context');
    context.drawImage(image, 0, 0);
    return { svg, side, pixels, image: context.getImageData(0, 0, pixels, pixels) };
  } finally {
    URL.revokeObjectURL(url);
  }
}

async function scan(payload: string) {
  const { image, pixels } = await rasterise(renderQr(qrMatrix(payload), 'QR code'));
  const code = jsQR(image.data, pixels, pixels, { inversionAttempts: 'dontInvert' });
  if (!code) throw new Error('jsQR found no QR code');
  return code;
}

/**
 * Reads both copies of the 15-bit format information (ISO/IEC 18004) from the
 * bare symbol and returns the error correction level they encode, after checking their BCH
 * code so that a misread cannot pass for level M by chance.
 */
function errorCorrectionLevel(matrix: boolean[][]): string {
  const size = matrix.length;
  const bit = (x: number, y: number) => (matrix[y]?.[x] ? 1 : 0);
  let first = 0;
  for (let i = 0; i <= 5; i++) first |= bit(8, i) << i;
  first |= bit(8, 7) << 6;
  first |= bit(8, 8) << 7;
  first |= bit(7, 8) << 8;
  for (let i = 9; i < 15; i++) first |= bit(14 - i, 8) << i;
  let second = 0;
  for (let i = 0; i < 8; i++) second |= bit(size - 1 - i, 8) << i;
  for (let i = 8; i < 15; i++) second |= bit(8, size - 15 + i) << i;
  if (first !== second) throw new Error('the two format information copies differ');

  const unmasked = first ^ 0b101010000010010;
  const data = unmasked >> 10;
  let remainder = data;
  for (let i = 0; i < 10; i++) remainder = (remainder << 1) ^ ((remainder >> 9) * 0b10100110111);
  if ((remainder & 0x3ff) !== (unmasked & 0x3ff)) throw new Error('format information fails BCH');
  // ISO/IEC 18004 level indicators: 01 = L, 00 = M, 11 = Q, 10 = H.
  return (['M', 'L', 'H', 'Q'] as const)[data >> 3] ?? '?';
}

describe('qrMatrix', () => {
  it('uses error correction level M, as EPC069-12 requires', () => {
    expect(errorCorrectionLevel(qrMatrix(payloadOf(order)))).to.equal('M');
  });

  it('returns the bare symbol, 17 + 4 × version modules square, without quiet zone', async () => {
    const matrix = qrMatrix(payloadOf(order));
    const { version } = await scan(payloadOf(order));
    expect(matrix.length).to.equal(17 + 4 * version);
    expect(matrix.every((row) => row.length === matrix.length)).to.equal(true);
    // The top-left finder pattern's corner is dark: no light border was added.
    expect(matrix[0]?.[0]).to.equal(true);
  });

  it('fits a 331-byte payload in version 13', async () => {
    const payload = payloadOf({ ...order, beneficiary: '𝄞'.repeat(61), amountMinor: 99_999_999_999 });
    expect(utf8(payload)).to.have.length(331);
    const matrix = qrMatrix(payload);
    expect(matrix.length).to.equal(17 + 4 * 13);
    expect(errorCorrectionLevel(matrix)).to.equal('M');
    const code = await scan(payload);
    expect(code.version).to.equal(13);
    expect(code.binaryData).to.deep.equal(utf8(payload));
  });

  it('refuses with a RangeError a payload beyond what version 13 at level M holds', () => {
    expect(() => qrMatrix('x'.repeat(332))).to.throw(RangeError);
  });

  it('encodes a lone surrogate as U+FFFD instead of throwing like encodeURI', async () => {
    const code = await scan('BCD\n\uD800');
    expect(code.binaryData).to.deep.equal([0x42, 0x43, 0x44, 0x0a, 0xef, 0xbf, 0xbd]);
  });
});

describe('renderQr', () => {
  it('renders a payload that a QR decoder reads back byte for byte', async () => {
    const payload = payloadOf(order);
    const code = await scan(payload);
    expect(code.binaryData).to.deep.equal(utf8(payload));
    expect(code.data).to.equal(payload);
  });

  it('renders a non-ASCII beneficiary as UTF-8 bytes, as character set "1" declares', async () => {
    const payload = payloadOf({ ...order, beneficiary: 'Crêperie Zoé' });
    const code = await scan(payload);
    // "ê" and "é" are two bytes each in UTF-8 (C3 AA, C3 A9), one in Latin-1.
    expect(code.binaryData).to.deep.equal(utf8(payload));
    expect(code.binaryData.length).to.equal(payload.length + 2);
    expect(code.data.split('\n')[5]).to.equal('Crêperie Zoé');
  });

  it('draws every module where the matrix says, inside a light quiet zone of 4 modules', async () => {
    const matrix = qrMatrix(payloadOf(order));
    const { image, side } = await rasterise(renderQr(matrix, 'QR code'));
    expect(side).to.equal(matrix.length + 2 * QR_QUIET_ZONE);
    const mismatches: string[] = [];
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const centre = ((y * PX_PER_MODULE + PX_PER_MODULE / 2) * image.width + x * PX_PER_MODULE + PX_PER_MODULE / 2) * 4;
        const [r = 0, g = 0, b = 0, a = 0] = image.data.subarray(centre, centre + 4);
        const dark = a > 127 && r + g + b < 3 * 128;
        const light = a > 127 && r + g + b > 3 * 128;
        const expected = matrix[y - QR_QUIET_ZONE]?.[x - QR_QUIET_ZONE] ?? false;
        if (expected ? !dark : !light) mismatches.push(`${x},${y}`);
      }
    }
    expect(mismatches).to.deep.equal([]);
  });

  it('is one labelled image: role img, aria-label, one path, crisp edges, black on white', async () => {
    const svg = await fixture<SVGSVGElement>(renderQr(qrMatrix(payloadOf(order)), 'Code QR du virement'));
    expect(svg.namespaceURI).to.equal('http://www.w3.org/2000/svg');
    expect(svg.getAttribute('role')).to.equal('img');
    expect(svg.getAttribute('aria-label')).to.equal('Code QR du virement');
    expect(svg.getAttribute('shape-rendering')).to.equal('crispEdges');
    expect(svg.querySelectorAll('path')).to.have.length(1);
    expect(svg.querySelector('path')?.getAttribute('fill')).to.equal('#000');
    expect(svg.querySelector('rect')?.getAttribute('fill')).to.equal('#fff');
  });

  it('treats the label as text, never as markup', async () => {
    const label = '"><image href="x" onerror="alert(1)"/><g';
    const svg = await fixture<SVGSVGElement>(renderQr(qrMatrix('x'), label));
    expect(svg.getAttribute('aria-label')).to.equal(label);
    expect(svg.querySelector('image, g')).to.equal(null);
    expect([...svg.children].map((child) => child.localName)).to.deep.equal(['rect', 'path']);
  });
});
