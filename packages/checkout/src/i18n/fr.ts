import type { Messages } from './messages.js';

export const fr: Messages = {
  locale: 'fr-FR',
  heading: 'Paiement',
  methodsLabel: 'Moyen de paiement',
  methods: { stripe: 'Carte bancaire', paypal: 'PayPal', 'bank-transfer': 'Virement bancaire' },
  loading: (method) => `Chargement de ${method}…`,
  unavailableBadge: 'indisponible',
  switched: (from, to) =>
    `Désolés, ${from} ne répond pas pour le moment. Rien n’a été débité. Vous pouvez payer par ${to}.`,
  allUnavailable:
    'Désolés, aucun moyen de paiement ne répond pour le moment. Rien n’a été débité. Réessayez dans quelques minutes.',
  recovered: (method) => `${method} répond de nouveau : vous pouvez payer.`,
  configError: 'Le paiement est indisponible sur cette page. Rien n’a été débité.',
  pay: (amount) => `Payer ${amount}`,
  paying: 'Paiement en cours…',
  verifying: 'Nous vérifions votre paiement. Ne payez pas une seconde fois : cette page se met à jour dès que nous avons la réponse.',
  cancelled: 'Paiement annulé. Rien n’a été débité : vous pouvez réessayer ou choisir un autre moyen de paiement.',
  declined: (reason) => `Paiement refusé : ${reason} Vérifiez vos informations ou choisissez un autre moyen de paiement.`,
  declinedGeneric: 'Paiement refusé. Vérifiez vos informations ou choisissez un autre moyen de paiement.',
  succeeded: 'Paiement accepté. Merci pour votre commande !',
  orderNumber: 'Numéro de commande',
  copy: 'Copier',
  copyField: (field) => `Copier ${field}`,
  copied: (field) => `${field} copié`,
  bank: {
    heading: 'Payer par virement bancaire',
    intro: 'Validez votre commande, puis faites un virement avec ces coordonnées. Elle sera expédiée dès réception du paiement.',
    beneficiary: 'Bénéficiaire',
    iban: 'IBAN',
    bic: 'BIC',
    amount: 'Montant',
    reference: 'Référence',
    referenceHint: 'Indiquez cette référence telle quelle : elle nous permet de reconnaître votre paiement.',
    qrLabel: 'QR code du virement (EPC), à scanner avec votre application bancaire',
    qrHint: 'Scannez-le avec votre application bancaire pour remplir le virement.',
    qrUnavailable: (currency) =>
      `Pas de QR code pour un paiement en ${currency} : saisissez ces coordonnées dans votre banque.`,
    qrUnavailableAccount: 'Pas de QR code pour ce compte : saisissez ces coordonnées dans votre banque.',
    placeOrder: (amount) => `Valider la commande (${amount})`,
    placing: 'Enregistrement de votre commande…',
    pendingHeading: 'Commande enregistrée, en attente de votre virement',
    pendingBody: (amount, reference) =>
      `Envoyez ${amount} sur le compte ci-dessous avec la référence ${reference}.`,
  },
  skipped: (method, to) => `${method} est indisponible en ce moment. Vous pouvez payer par ${to}.`,
  maintenance: (method, until, to) =>
    `${method} est en maintenance programmée${until ? ` jusqu’à ${until}` : ''}. Vous pouvez payer par ${to}.`,
  maintenanceSoon: (method, from, until) => `${method} sera en maintenance de ${from} à ${until}.`,
  cancelledSwitched: (from, to) =>
    `Votre paiement par ${from} n’a pas abouti et a été annulé : rien n’a été débité. Vous pouvez payer par ${to}.`,
  processing: 'Votre banque traite le paiement. Nous confirmerons votre commande dès qu’il sera validé.',
  queue: {
    queued: 'Votre commande est enregistrée sur cet appareil et sera transmise à la boutique dès le retour de la connexion. Rien n’a été débité en plus.',
    delivered: 'Votre commande est bien arrivée à la boutique.',
    failed: 'La boutique n’a pas pu accepter votre commande enregistrée. Rien n’a été débité. Contactez la boutique.',
    failedPaid: (reference) =>
      `Votre paiement a bien été effectué (référence ${reference}), mais la boutique n’a pas pu enregistrer votre commande. Contactez la boutique avec cette référence.`,
    expired:
      'Votre commande enregistrée n’a pas pu être transmise à la boutique en 7 jours et n’a pas été envoyée. Rien n’a été débité en plus ; contactez la boutique.',
    memoryOnly: 'Ce navigateur ne peut pas conserver votre commande si vous fermez la page : gardez-la ouverte jusqu’à l’envoi.',
    reserve: 'Réserver ma commande et payer plus tard',
    reserved: 'Votre commande est réservée. La boutique vous enverra un lien de paiement.',
  },
  notRecorded:
    'Impossible de joindre la boutique pour enregistrer votre commande. Rien n’a été débité et votre commande est conservée sur cette page.',
  retry: 'Réessayer',
  orderRejected: 'La boutique n’a pas pu accepter cette commande. Rien n’a été débité. Contactez la boutique.',
  retrying: 'Nouvelle tentative…',
};
