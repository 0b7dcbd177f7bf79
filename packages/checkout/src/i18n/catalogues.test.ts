import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import '../index.js';
import type { RelaisCheckout } from '../relais-checkout.js';
import { resolveLang, type Lang } from './index.js';
import { allCatalogues as catalogues } from './all.js';
import { inShadow, waitFor } from '../../../../test/dom.js';
import { testEndpoint } from '../../../../test/api.js';

type Message = string | ((...args: string[]) => string);

/** Every message of a catalogue by its dotted path (`bank.placeOrder`), nested groups flattened. */
function messagesOf(node: object, prefix = ''): Map<string, Message> {
  const found = new Map<string, Message>();
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === 'object' && value !== null) {
      for (const [path, message] of messagesOf(value, `${prefix}${key}.`)) found.set(path, message);
    } else {
      found.set(`${prefix}${key}`, value as Message);
    }
  }
  return found;
}

const langs = Object.keys(catalogues) as Lang[];
const reference = messagesOf(catalogues.fr);

/**
 * Distinctive stand-ins for the formatted amounts, method names and references a message is
 * given. The count comes from the French reference: a translation that drops a parameter is
 * still assignable to `Messages`, so its own arity proves nothing.
 */
function samplesFor(path: string): string[] {
  const model = reference.get(path);
  const count = typeof model === 'function' ? model.length : 0;
  return Array.from({ length: count }, (_, i) => `⟦${path}#${i + 1}⟧`);
}

function text(message: Message | undefined, path: string): string {
  return typeof message === 'function' ? message(...samplesFor(path)) : String(message);
}

const spaces = (value: string | null | undefined) => (value ?? '').replace(/\s+/g, ' ').trim();

describe('message catalogues', () => {
  for (const lang of langs) {
    it(`${lang}: every message is non-empty text, and each message with blanks shows every value it is given`, () => {
      const messages = messagesOf(catalogues[lang]);
      expect([...messages.keys()].sort(), 'same messages as French').to.deep.equal([...reference.keys()].sort());
      for (const [path, model] of reference) {
        const message = messages.get(path);
        expect(typeof message, path).to.equal(typeof model);
        const shown = text(message, path);
        expect(shown.trim(), path).to.not.equal('');
        for (const sample of samplesFor(path)) expect(shown, path).to.include(sample);
      }
    });
  }

  it('a maintenance notice without an end time still names both methods', () => {
    for (const lang of langs) {
      const shown = catalogues[lang].maintenance('⟦from⟧', '', '⟦to⟧');
      expect(shown, lang).to.include('⟦from⟧').and.include('⟦to⟧');
    }
  });

  it('every language says that nothing was charged in exactly the messages where English does', () => {
    const nothingCharged: Record<Lang, RegExp> = {
      fr: /rien n’a été débité/i,
      en: /nothing (more )?was charged/i,
      de: /es wurde nichts (zusätzlich )?abgebucht/i,
      es: /no se ha realizado ningún cargo/i,
      it: /non è stato addebitato (nulla|alcun importo aggiuntivo)/i,
      nl: /er is niets (extra )?afgeschreven/i,
    };
    const saying = (lang: Lang) =>
      [...messagesOf(catalogues[lang])].filter(([path, message]) => nothingCharged[lang].test(text(message, path))).map(([path]) => path).sort();
    const english = saying('en');
    expect(english).to.include.members([
      'switched', 'allUnavailable', 'configError', 'cancelled', 'queue.keptOffline', 'queue.keptShopDown', 'notRecorded',
      'shopUnavailable', 'shopUnavailableNone', 'shopUnavailableReserve',
    ]);
    expect(english, 'a paid order kept for the shop was charged').to.not.include.members(['queue.paidKeptOffline', 'queue.paidKeptShopDown']);
    for (const lang of langs) expect(saying(lang), lang).to.deep.equal(english);
  });

  it('translates every message except brand names and bank codes', () => {
    const universal = new Set(['methods.paypal', 'methodInSentence.paypal', 'bank.iban', 'bank.bic']);
    const english = messagesOf(catalogues.en);
    for (const lang of langs.filter((l) => l !== 'en')) {
      for (const [path, message] of messagesOf(catalogues[lang])) {
        if (universal.has(path)) continue;
        expect(text(message, path), `${lang} ${path}`).to.not.equal(text(english.get(path), path));
      }
    }
  });

  it('names methods inside sentences in their sentence form, never as a capitalised label', () => {
    for (const lang of langs) {
      const t = catalogues[lang];
      const ids = Object.keys(t.methods) as Array<keyof typeof t.methods>;
      for (const from of ids) {
        for (const to of ids.filter((id) => id !== from)) {
          const [a, b] = [t.methodInSentence[from], t.methodInSentence[to]];
          const sentences = [
            t.loading(a), t.switched(a, b), t.recovered(a), t.lateReady(a), t.skipped(a, b),
            t.maintenance(a, '10:00', b), t.maintenanceSoon(a, '10:00', '11:00'), t.cancelledSwitched(a, b), t.shopUnavailable(b),
          ];
          for (const sentence of sentences) {
            expect(sentence, `${lang}: ${sentence}`).to.include(a === b ? a : sentence.includes(a) ? a : b);
            for (const id of [from, to]) {
              const label = t.methods[id];
              // A label that is not also the sentence form (German nouns, brand names) never shows mid-sentence.
              if (label !== t.methodInSentence[id]) expect(sentence, `${lang}: ${sentence}`).to.not.include(` ${label}`);
            }
          }
        }
      }
    }
    expect(catalogues.fr.switched(catalogues.fr.methodInSentence.stripe, catalogues.fr.methodInSentence['bank-transfer']))
      .to.match(/^Désolés, le paiement par carte bancaire ne répond pas .* Vous pouvez payer par virement bancaire\.$/);
    expect(catalogues.en.shopUnavailable(catalogues.en.methodInSentence['bank-transfer'])).to.match(/^The shop is not responding .* by bank transfer: your order will be kept/);
  });

  it('writes apostrophes typographically, never as typewriter quotes', () => {
    for (const lang of langs) {
      for (const [path, message] of messagesOf(catalogues[lang])) expect(text(message, path), `${lang} ${path}`).to.not.include("'");
    }
  });

  it('each catalogue formats for a locale of its own language that Intl supports', () => {
    for (const lang of langs) {
      const { locale } = catalogues[lang];
      expect(new Intl.Locale(locale).language, lang).to.equal(lang);
      expect(Intl.NumberFormat.supportedLocalesOf([locale]), lang).to.deep.equal([locale]);
    }
  });
});

describe('resolveLang', () => {
  it('picks German, Spanish, Italian and Dutch from regional lang attributes', () => {
    expect(resolveLang('de-AT', 'fr')).to.equal('de');
    expect(resolveLang('es-MX', 'fr')).to.equal('es');
    expect(resolveLang('it', 'fr')).to.equal('it');
    expect(resolveLang('nl-BE', 'fr')).to.equal('nl');
    expect(resolveLang(' DE_ch ', null)).to.equal('de');
  });

  it('falls back to the document’s language, then to English', () => {
    expect(resolveLang(null, 'it-CH')).to.equal('it');
    expect(resolveLang('pt-BR', 'nl-NL')).to.equal('nl');
    expect(resolveLang('pt-BR', 'sv')).to.equal('en');
    expect(resolveLang(null, undefined)).to.equal('en');
  });

  it('does not mistake an inherited object property for a language', () => {
    expect(resolveLang('constructor', 'es')).to.equal('es');
  });

  it('lists French first', () => {
    expect(langs[0]).to.equal('fr');
  });
});

describe('<relais-checkout> in German, Spanish, Italian and Dutch', () => {
  const cases: Array<{ lang: Lang; language: string; label: string }> = [
    { lang: 'de', language: 'German', label: 'Zahlungspflichtig bestellen (49,90 €)' },
    { lang: 'es', language: 'Spanish', label: 'Confirmar pedido (49,90 €)' },
    { lang: 'it', language: 'Italian', label: 'Conferma l’ordine (49,90 €)' },
    { lang: 'nl', language: 'Dutch', label: 'Bestelling plaatsen (€ 49,90)' },
  ];

  async function readyCheckout(lang: Lang) {
    const element = await fixture<RelaisCheckout>(html`<relais-checkout lang=${lang} amount="4990" currency="EUR"
      bank-iban="FR1420041010050500013M02606" bank-beneficiary="Relais Démo SARL" endpoint=${testEndpoint()}></relais-checkout>`);
    const button = await waitFor(() => inShadow<HTMLButtonElement>(element, '[part="pay-button"]:not([disabled])'));
    return { element, button };
  }

  for (const { lang, language, label } of cases) {
    it(`lang="${lang}" labels the pay button in ${language}, with the amount written as ${catalogues[lang].locale} writes it`, async () => {
      const { element, button } = await readyCheckout(lang);
      expect(spaces(button.textContent)).to.equal(label);
      expect(inShadow(element, '[part="base"]')!.lang).to.equal(catalogues[lang].locale);
    });

    it(`lang="${lang}" has no axe violation`, async () => {
      const { element } = await readyCheckout(lang);
      await waitFor(() => inShadow(element, '.hint'));
      await expect(element).to.be.accessible();
    });
  }
});
