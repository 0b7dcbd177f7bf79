import type { Messages } from './messages.js';

export const de: Messages = {
  locale: 'de-DE',
  heading: 'Zahlung',
  methodsLabel: 'Zahlungsart',
  methodInSentence: { stripe: 'Karte', adyen: 'Karte', paypal: 'PayPal', 'bank-transfer': 'Überweisung' },
  methods: { stripe: 'Karte', adyen: 'Karte', paypal: 'PayPal', 'bank-transfer': 'Überweisung' },
  loading: (method) => `Die Zahlung per ${method} wird geladen…`,
  unavailableBadge: 'nicht verfügbar',
  switched: (from, to) =>
    `Leider ist die Zahlung per ${from} gerade nicht möglich. Es wurde nichts abgebucht. Sie können per ${to} bezahlen.`,
  cardSwitched: 'Die Kartenzahlung läuft jetzt über einen anderen Anbieter. Es wurde nichts abgebucht.',
  allUnavailable:
    'Leider ist gerade keine Zahlungsart verfügbar. Es wurde nichts abgebucht. Bitte versuchen Sie es in einigen Minuten erneut.',
  recovered: (method) => `Die Zahlung per ${method} ist wieder möglich: Sie können jetzt bezahlen.`,
  lateReady: (method) => `Die Zahlung per ${method} ist nun doch möglich: Sie können sie ebenfalls wählen.`,
  shopUnavailable: (to) =>
    `Der Shop antwortet gerade nicht. Es wurde nichts abgebucht. Sie können per ${to} bestellen: Ihre Bestellung wird auf diesem Gerät aufbewahrt und an den Shop übermittelt, sobald er wieder antwortet.`,
  shopUnavailableNone: 'Der Shop antwortet gerade nicht. Es wurde nichts abgebucht. Bitte versuchen Sie es in einigen Minuten erneut.',
  shopUnavailableReserve: 'Der Shop antwortet gerade nicht. Es wurde nichts abgebucht. Sie können Ihre Bestellung reservieren: Sie wird auf diesem Gerät aufbewahrt und an den Shop übermittelt, sobald er wieder antwortet.',
  configError: 'Die Zahlung ist auf dieser Seite nicht verfügbar. Es wurde nichts abgebucht.',
  pay: (amount) => `${amount} bezahlen`,
  paying: 'Ihre Zahlung wird ausgeführt…',
  verifying: 'Wir prüfen Ihre Zahlung. Bitte zahlen Sie nicht erneut: Diese Seite aktualisiert sich, sobald wir die Antwort haben.',
  cancelled: 'Zahlung abgebrochen. Es wurde nichts abgebucht: Sie können es erneut versuchen oder eine andere Zahlungsart wählen.',
  declined: (reason) => `Zahlung abgelehnt: ${reason} Bitte prüfen Sie Ihre Angaben oder wählen Sie eine andere Zahlungsart.`,
  declinedGeneric: 'Zahlung abgelehnt. Bitte prüfen Sie Ihre Angaben oder wählen Sie eine andere Zahlungsart.',
  succeeded: 'Zahlung erfolgreich. Vielen Dank für Ihre Bestellung!',
  orderNumber: 'Bestellnummer',
  copy: 'Kopieren',
  copyField: (field) => `${field} kopieren`,
  copied: (field) => `${field} kopiert`,
  bank: {
    heading: 'Per Überweisung bezahlen',
    intro: 'Schließen Sie Ihre Bestellung ab: Die Überweisungsdaten und der QR-Code erscheinen, sobald der Shop sie angenommen hat. Wir versenden, sobald die Zahlung eingegangen ist.',
    keptIntro: 'Vom Shop noch nicht bestätigt: Sie können schon mit diesen Angaben, dem üblichen Konto des Shops, überweisen; nennt Ihnen der Shop bei der Bestätigung Ihrer Bestellung andere Angaben, verwenden Sie diese. Wir versenden, sobald die Zahlung eingegangen ist.',
    beneficiary: 'Empfänger',
    iban: 'IBAN',
    bic: 'BIC',
    amount: 'Betrag',
    reference: 'Verwendungszweck',
    referenceHint: 'Übernehmen Sie diesen Verwendungszweck genau so: Daran erkennen wir Ihre Zahlung.',
    qrLabel: 'QR-Code der Überweisung (EPC), zum Scannen mit Ihrer Banking-App',
    qrHint: 'Scannen Sie ihn mit Ihrer Banking-App, um die Überweisung auszufüllen.',
    qrUnavailable: (currency) =>
      `Kein QR-Code für Zahlungen in ${currency}: Bitte geben Sie diese Angaben in Ihrer Banking-App ein.`,
    qrUnavailableAccount: 'Kein QR-Code für dieses Konto: Bitte geben Sie diese Angaben in Ihrer Banking-App ein.',
    // „Zahlungspflichtig bestellen“: German shops label the button that places an order this way
    // (§ 312j BGB); „Bestellung abschicken“ would not say that the order must be paid.
    placeOrder: (amount) => `Zahlungspflichtig bestellen (${amount})`,
    placing: 'Ihre Bestellung wird gespeichert…',
    pendingHeading: 'Bestellung gespeichert – wir warten auf Ihre Überweisung',
    pendingBody: (amount, reference) =>
      `Bitte überweisen Sie ${amount} mit dem Verwendungszweck ${reference} auf das unten stehende Konto.`,
  },
  skipped: (method, to) => `Die Zahlung per ${method} ist gerade nicht verfügbar. Sie können per ${to} bezahlen.`,
  maintenance: (method, until, to) =>
    `Die Zahlung per ${method} ist wegen geplanter Wartungsarbeiten${until ? ` bis ${until}` : ''} nicht verfügbar. Sie können per ${to} bezahlen.`,
  maintenanceSoon: (method, from, until) =>
    `Die Zahlung per ${method} ist wegen Wartungsarbeiten von ${from} bis ${until} nicht verfügbar.`,
  cancelledSwitched: (from, to) =>
    `Ihre Zahlung per ${from} wurde nicht abgeschlossen und storniert: Es wurde nichts abgebucht. Sie können per ${to} bezahlen.`,
  processing: 'Ihre Bank bearbeitet die Zahlung. Wir bestätigen Ihre Bestellung, sobald sie abgeschlossen ist.',
  queue: {
    keptOffline: 'Sie sind nicht mit dem Internet verbunden. Ihre Bestellung ist auf diesem Gerät gespeichert und wird an den Shop übermittelt, sobald die Verbindung wieder steht. Es wurde nichts abgebucht.',
    keptShopDown: 'Der Shop antwortet gerade nicht. Ihre Bestellung ist auf diesem Gerät gespeichert und wird übermittelt, sobald er wieder antwortet. Es wurde nichts abgebucht.',
    paidKeptOffline: 'Sie sind nicht mit dem Internet verbunden: Ihre Bestellung wird an den Shop übermittelt, sobald die Verbindung wieder steht. Sie müssen nichts weiter bezahlen.',
    paidKeptShopDown: 'Der Shop antwortet gerade nicht: Ihre Bestellung wird übermittelt, sobald er wieder antwortet. Sie müssen nichts weiter bezahlen.',
    delivered: 'Ihre Bestellung ist beim Shop eingegangen.',
    failed: 'Der Shop konnte Ihre gespeicherte Bestellung nicht annehmen. Es wurde nichts abgebucht. Bitte wenden Sie sich an den Shop.',
    alreadyPaid: 'Diese Bestellung ist bereits bezahlt: Sie müssen nichts mehr zahlen. Vielen Dank für Ihre Bestellung!',
    failedPaid: (reference) =>
      `Ihre Zahlung ist erfolgt (Referenz ${reference}), aber der Shop konnte Ihre Bestellung nicht erfassen. Bitte wenden Sie sich mit dieser Referenz an den Shop.`,
    expired: 'Ihre gespeicherte Bestellung konnte den Shop nicht innerhalb von 7 Tagen erreichen und wurde nicht gesendet. Es wurde nichts abgebucht; bitte wenden Sie sich an den Shop.',
    memoryOnly: 'Dieser Browser kann Ihre Bestellung nicht behalten, wenn Sie die Seite schließen: Bitte lassen Sie die Seite geöffnet, bis die Bestellung gesendet ist.',
    reserve: 'Bestellung reservieren und später bezahlen',
    reserved: 'Ihre Bestellung ist reserviert. Der Shop sendet Ihnen einen Zahlungslink.',
  },
  notRecorded:
    'Wir konnten den Shop nicht erreichen, um Ihre Bestellung zu speichern. Es wurde nichts abgebucht, und Ihre Bestellung bleibt auf dieser Seite erhalten.',
  retry: 'Erneut versuchen',
  orderRejected: 'Der Shop konnte diese Bestellung nicht annehmen. Es wurde nichts abgebucht. Bitte wenden Sie sich an den Shop.',
  retrying: 'Neuer Versuch…',
};
