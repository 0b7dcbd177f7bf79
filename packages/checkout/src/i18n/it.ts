import type { Messages } from './messages.js';

export const it: Messages = {
  locale: 'it-IT',
  heading: 'Pagamento',
  methodsLabel: 'Metodo di pagamento',
  methodInSentence: { stripe: 'carta', adyen: 'carta', paypal: 'PayPal', 'bank-transfer': 'bonifico bancario' },
  methods: { stripe: 'Carta', adyen: 'Carta', paypal: 'PayPal', 'bank-transfer': 'Bonifico bancario' },
  loading: (method) => `Caricamento del pagamento con ${method}…`,
  unavailableBadge: 'non disponibile',
  switched: (from, to) =>
    `Siamo spiacenti, al momento non è possibile pagare con ${from}. Non è stato addebitato nulla. Può pagare con ${to}.`,
  cardSwitched: 'Il pagamento con carta passa ora da un altro fornitore. Non è stato addebitato nulla.',
  allUnavailable:
    'Siamo spiacenti, al momento nessun metodo di pagamento è disponibile. Non è stato addebitato nulla. Riprovi tra qualche minuto.',
  recovered: (method) => `Il pagamento con ${method} è di nuovo disponibile: ora può pagare.`,
  lateReady: (method) => `Il pagamento con ${method} ora risponde: può sceglierlo anche lei.`,
  shopUnavailable: (to) =>
    `Il negozio non risponde al momento. Non è stato addebitato nulla. Può ordinare con ${to}: l’ordine resterà salvato su questo dispositivo e sarà inviato al negozio appena risponderà.`,
  shopUnavailableNone: 'Il negozio non risponde al momento. Non è stato addebitato nulla. Riprovi tra qualche minuto.',
  shopUnavailableReserve: 'Il negozio non risponde al momento. Non è stato addebitato nulla. Può prenotare l’ordine: resterà salvato su questo dispositivo e sarà inviato al negozio appena risponderà.',
  configError: 'Il pagamento non è disponibile su questa pagina. Non è stato addebitato nulla.',
  pay: (amount) => `Paga ${amount}`,
  paying: 'Pagamento in corso…',
  verifying: 'Stiamo verificando il pagamento. Non paghi una seconda volta: questa pagina si aggiornerà non appena avremo la risposta.',
  cancelled: 'Pagamento annullato. Non è stato addebitato nulla: può riprovare o scegliere un altro metodo di pagamento.',
  declined: (reason) => `Pagamento rifiutato: ${reason} Verifichi i dati inseriti o scelga un altro metodo di pagamento.`,
  declinedGeneric: 'Pagamento rifiutato. Verifichi i dati inseriti o scelga un altro metodo di pagamento.',
  succeeded: 'Pagamento accettato. Grazie per l’ordine!',
  orderNumber: 'Numero d’ordine',
  copy: 'Copia',
  copyField: (field) => `Copia ${field}`,
  // “Causale” is feminine, the other fields masculine: the participle comes first so it needs no agreement.
  copied: (field) => `Copiato: ${field}`,
  bank: {
    heading: 'Paga con bonifico bancario',
    intro: 'Confermi l’ordine: i dati del bonifico e il codice QR compariranno appena il negozio lo avrà accettato. Spediremo l’ordine appena riceveremo il pagamento.',
    keptIntro: 'Il negozio non l’ha ancora confermato: può già eseguire il bonifico con questi dati, quelli del conto abituale del negozio; se confermando l’ordine il negozio le indica altri dati, usi quelli. Spediremo l’ordine appena riceveremo il pagamento.',
    beneficiary: 'Beneficiario',
    iban: 'IBAN',
    bic: 'BIC',
    amount: 'Importo',
    reference: 'Causale',
    referenceHint: 'Indichi questa causale esattamente così: ci permette di riconoscere il suo pagamento.',
    qrLabel: 'Codice QR del bonifico (EPC), da scansionare con l’app della sua banca',
    qrHint: 'Lo scansioni con l’app della sua banca per compilare il bonifico.',
    qrUnavailable: (currency) =>
      `Nessun codice QR per i pagamenti in ${currency}: inserisca questi dati nell’app della sua banca.`,
    qrUnavailableAccount: 'Nessun codice QR per questo conto: inserisca questi dati nell’app della sua banca.',
    placeOrder: (amount) => `Conferma l’ordine (${amount})`,
    placing: 'Registrazione dell’ordine in corso…',
    pendingHeading: 'Ordine registrato, in attesa del suo bonifico',
    pendingBody: (amount, reference) =>
      `Invii ${amount} sul conto indicato qui sotto, con la causale ${reference}.`,
  },
  skipped: (method, to) => `Il pagamento con ${method} non è disponibile al momento. Può pagare con ${to}.`,
  maintenance: (method, until, to) =>
    `Il pagamento con ${method} è sospeso per manutenzione programmata${until ? ` fino alle ${until}` : ''}. Può pagare con ${to}.`,
  maintenanceSoon: (method, from, until) =>
    `Il pagamento con ${method} sarà sospeso per manutenzione dalle ${from} alle ${until}.`,
  cancelledSwitched: (from, to) =>
    `Il suo pagamento con ${from} non è andato a buon fine ed è stato annullato: non è stato addebitato nulla. Può pagare con ${to}.`,
  processing: 'La sua banca sta elaborando il pagamento. Confermeremo l’ordine non appena sarà completato.',
  queue: {
    keptOffline: 'Non è connesso a Internet. Il suo ordine è salvato su questo dispositivo e sarà inviato al negozio appena tornerà la connessione. Non è stato addebitato nulla.',
    keptShopDown: 'Il negozio non risponde al momento. Il suo ordine è salvato su questo dispositivo e gli sarà inviato appena risponderà. Non è stato addebitato nulla.',
    paidKeptOffline: 'Non è connesso a Internet: il suo ordine sarà inviato al negozio appena tornerà la connessione. Non deve pagare altro.',
    paidKeptShopDown: 'Il negozio non risponde al momento: il suo ordine gli sarà inviato appena risponderà. Non deve pagare altro.',
    delivered: 'Il suo ordine è arrivato al negozio.',
    failed: 'Il negozio non ha potuto accettare l’ordine salvato. Non è stato addebitato nulla. Contatti il negozio.',
    alreadyPaid: 'Questo ordine è già stato pagato: non deve pagare nient’altro. Grazie per il suo ordine!',
    failedPaid: (reference) =>
      `Il pagamento è andato a buon fine (riferimento ${reference}), ma il negozio non ha potuto registrare l’ordine. Contatti il negozio indicando questo riferimento.`,
    expired: 'L’ordine salvato non ha raggiunto il negozio entro 7 giorni e non è stato inviato. Non è stato addebitato nulla; contatti il negozio.',
    memoryOnly: 'Questo browser non può conservare l’ordine se chiude la pagina: la tenga aperta fino all’invio.',
    reserve: 'Prenota l’ordine e paga più tardi',
    reserved: 'Il suo ordine è prenotato. Il negozio le invierà un link di pagamento.',
  },
  notRecorded:
    'Non è stato possibile contattare il negozio per registrare l’ordine. Non è stato addebitato nulla e l’ordine resta salvato in questa pagina.',
  retry: 'Riprova',
  orderRejected: 'Il negozio non ha potuto accettare questo ordine. Non è stato addebitato nulla. Contatti il negozio.',
  retrying: 'Nuovo tentativo…',
};
