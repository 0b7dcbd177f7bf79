/** The lab's and the dashboard's words, French first. A missing key fails the typecheck. */
import type { DrillStep, StepResult } from './drill.js';
import type { DashboardOrder } from '@relais/server';
import type { Maintenance, ProviderMode } from '@relais/lab/lab-state';

export type Lang = 'fr' | 'en';

type Method = DashboardOrder['method'] | 'merchant-server';
type Status = DashboardOrder['status'];
type Kind = 'sdk-load-failed' | 'sdk-missing-global' | 'sdk-timeout' | 'csp' | 'element-load-error' | 'api-unavailable' | 'integration-error' | 'merchant-unavailable' | 'unreachable';

/** A word from a table keyed by what the server sends, or the raw value for one it adds later. */
export function word(table: Record<string, string>, key: string): string {
  return table[key] ?? key;
}

const fr = {
  lab: {
    title: 'Laboratoire de pannes',
    intro:
      'Cassez un prestataire, puis payez : la boutique montre exactement ce que verrait un client. ' +
      'Un changement de script ou de maintenance recharge la page, comme un client qui arrive ; ' +
      'le laboratoire efface alors la mémoire des pannes de Relais pour que chaque scénario parte de zéro.',
    providers: { stripe: 'Stripe (carte)', adyen: 'Adyen (carte)', paypal: 'PayPal' },
    modes: {
      up: 'Fonctionne',
      blocked: 'Script bloqué (listes DNS strictes, protection stricte contre le pistage, relais masquant l’IP, proxy d’entreprise)',
      hangs: 'Script qui ne répond pas',
      'no-global': 'Script chargé sans son objet global',
      'api-errors': 'Erreurs de son API',
      declines: 'Refuse les paiements',
      slow: 'Lent (8 s)',
    } satisfies Record<ProviderMode, string>,
    merchant: 'Le marchand et le client',
    merchantDown: 'Serveur du marchand en panne',
    offline: 'Client hors ligne',
    trackersBlocked: 'Traceurs bloqués (télémétrie et signaux antifraude des prestataires, comme les listes de filtrage) : rien ne doit changer',
    maintenance: 'Maintenance programmée',
    maintenances: {
      none: 'Aucune',
      'stripe-now': 'Stripe, en cours (1 h)',
      'stripe-soon': 'Stripe, dans 30 min',
      'paypal-now': 'PayPal, en cours (1 h)',
    } satisfies Record<Maintenance, string>,
    apply: 'Appliquer',
    applyReload: 'Appliquer (recharge la page)',
    applied: 'Appliqué : payez dans la boutique pour voir ce que voit un client.',
    restore: 'Tout rétablir',
    applying: 'Application…',
    failed: (why: string) => `Le laboratoire n’a pas pu changer d’état : ${why}`,
  },
  drill: {
    run: 'Lancer l’exercice',
    frameTitle: 'Boutique jouée par l’exercice',
    stopped: (why: string) => `L’exercice s’est arrêté : ${why}`,
    stepError: (why: string) => `L’étape n’a pas abouti (${why}).`,
    running: (index: number, total: number, step: string) => `Exercice en cours : étape ${index} sur ${total} — ${step}`,
    title: 'Rapport de l’exercice',
    steps: {
      'all-up': 'Tout fonctionne : carte',
      'stripe-blocked-adyen': 'Stripe bloqué : la carte est payée par Adyen',
      'stripe-blocked': 'Stripe et Adyen bloqués : PayPal',
      'stripe-hangs': 'Stripe ne répond pas, Adyen bloqué : PayPal',
      'both-down': 'Stripe, Adyen et PayPal en panne : virement',
      'stripe-api-errors': 'API de Stripe en erreur pendant le paiement, Adyen bloqué : PayPal',
      decline: 'Carte refusée, puis une autre carte',
      'merchant-down': 'Serveur du marchand en panne : commande mise en attente',
    } satisfies Record<DrillStep['id'], string>,
    columns: { step: 'Étape', order: 'Commande', outcome: 'Issue', method: 'Enregistrée par le serveur', charges: 'Débits' },
    outcomes: {
      paid: 'payée',
      pending: 'en attente du virement',
      'queued-then-delivered': 'mise en attente, puis livrée',
      failed: 'échec',
    } satisfies Record<StepResult['outcome'], string>,
    lostOrder: 'perdue',
    summary: (taken: number, lost: number, twice: number) =>
      `${taken} commande${taken > 1 ? 's' : ''} prise${taken > 1 ? 's' : ''}, ${lost} perdue${lost > 1 ? 's' : ''}, ${twice} débitée${twice > 1 ? 's' : ''} deux fois.`,
    passed: 'Exercice réussi.',
    notPassed: 'Exercice échoué : voir les étapes.',
  },
  alertPlay: {
    run: 'Jouer une alerte de taux de succès',
    running: (index: number, total: number, step: string) => `Alerte jouée : paiement ${index} sur ${total} — ${step}`,
    title: 'Alerte reçue par le webhook',
    intro: (attempts: number, below: number) =>
      `Le serveur compte les ${attempts} derniers paiements de chaque moyen et alerte sous ${below} % de succès (les refus bancaires ne comptent pas). ` +
      'Le laboratoire reçoit son webhook signé, comme le ferait le vôtre (--alert-webhook).',
    fired: (summary: string, at: string) => `Alerte reçue à ${at} : ${summary}.`,
    resolved: (at: string) => `Fin de l’alerte reçue à ${at}.`,
    signature: (verified: boolean): string => (verified ? 'Signature vérifiée.' : 'Signature refusée !'),
    missing: (what: string) => `Rien reçu pour ${what} : voir les paiements ci-dessous.`,
    alert: 'l’alerte',
    resolution: 'sa fin',
    passed: 'Alerte et fin d’alerte reçues, signées.',
    notPassed: 'L’alerte n’a pas été reçue comme attendu.',
  },
  dashboard: {
    title: 'Ce que le marchand voit',
    chart: 'Taux de succès par moyen de paiement et incidents',
    chartSummary: (orders: number, incidents: number) =>
      `${orders} commande${orders > 1 ? 's' : ''} et ${incidents} incident${incidents > 1 ? 's' : ''} reçu${orders + incidents > 1 ? 's' : ''} par le serveur.`,
    empty: 'Rien encore : payez dans la boutique ou lancez l’exercice.',
    rate: 'Succès (%)',
    time: 'Heure',
    incidents: 'Incidents',
    orders: 'Commandes reçues',
    columns: { time: 'Heure', order: 'Commande', method: 'Moyen', amount: 'Montant', status: 'Statut', queued: 'Mise en attente' },
    queuedAt: (time: string) => `mise en attente à ${time}, livrée ensuite`,
    queuedOffline: (time: string) => `mise en attente à ${time}, client hors ligne, livrée ensuite`,
    queuedServerDown: (time: string) => `mise en attente à ${time}, serveur injoignable, livrée ensuite`,
    olderOrders: 'Commandes plus anciennes',
    loadingCharts: 'Chargement des graphiques…',
    totals: (method: string, taken: number, failed: number, declined: number) =>
      `${method} : ${taken} commande${taken > 1 ? 's' : ''}, ${failed} échec${failed > 1 ? 's' : ''} technique${failed > 1 ? 's' : ''}, ` +
      `${declined} refus bancaire${declined > 1 ? 's' : ''} (un refus n’est pas une panne)`,
    rateTitle: (method: string, rate: number, taken: number, failed: number, declined: number) =>
      `${method} : ${rate} % (${taken} sur ${taken + failed}) ; refus bancaires à part : ${declined}`,
    markTitle: (count: number, kind: string, row: string) => `${row} : ${count} × ${kind}`,
    statuses: { paid: 'payée (vérifié)', verifying: 'paiement en vérification', refunded: 'remboursée', 'pending-payment': 'virement attendu', pending: 'enregistrée, non payée', 'awaiting-payment-link': 'lien de paiement à envoyer' } satisfies Record<Status, string>,
    noOutage: 'Aucune panne enregistrée.',
    kinds: {
      'sdk-load-failed': 'script non chargé',
      'sdk-missing-global': 'script sans objet global',
      'sdk-timeout': 'script trop lent',
      csp: 'bloqué par la CSP',
      'element-load-error': 'formulaire non chargé',
      'api-unavailable': 'API indisponible',
      'integration-error': 'erreur d’intégration',
      'merchant-unavailable': 'serveur du marchand injoignable',
      unreachable: 'injoignable',
    } satisfies Record<Kind, string>,
    direct: '—',
    export: 'Rapport d’incidents',
    outage: { provider: 'En panne', cause: 'Cause', from: 'Début', until: 'Fin', ongoing: 'en cours', otherMethod: 'Commandes par un autre moyen', queued: 'Commandes mises en attente', kept: 'Montant préservé' },
    exportJson: 'Télécharger en JSON',
    exportCsv: 'Télécharger en CSV',
    unreachable: 'Serveur du marchand injoignable : dernières données affichées.',
  },
  methods: { stripe: 'Carte (Stripe)', adyen: 'Carte (Adyen)', paypal: 'PayPal', 'bank-transfer': 'Virement', 'pay-later': 'Lien de paiement', 'merchant-server': 'Serveur du marchand' } satisfies Record<Method, string>,
};

type Copy = typeof fr;

const en: Copy = {
  lab: {
    title: 'Outage lab',
    intro:
      'Break a provider, then pay: the shop shows exactly what a shopper would see. ' +
      'A script or maintenance change reloads the page, like a shopper arriving; ' +
      'the lab then clears Relais’s memory of failures so that each scenario starts clean.',
    providers: { stripe: 'Stripe (card)', adyen: 'Adyen (card)', paypal: 'PayPal' },
    modes: {
      up: 'Up',
      blocked: 'Script blocked (strict DNS lists, strict tracking protection, IP-hiding relay, corporate proxy)',
      hangs: 'Script hangs',
      'no-global': 'Script loads without its global',
      'api-errors': 'Its API errors',
      declines: 'Declines payments',
      slow: 'Slow (8 s)',
    },
    merchant: 'Merchant and shopper',
    merchantDown: 'Merchant server down',
    offline: 'Shopper offline',
    trackersBlocked: 'Trackers blocked (providers’ telemetry and fraud signals, as filter lists do): nothing may change',
    maintenance: 'Scheduled maintenance',
    maintenances: {
      none: 'None',
      'stripe-now': 'Stripe, now (1 h)',
      'stripe-soon': 'Stripe, in 30 min',
      'paypal-now': 'PayPal, now (1 h)',
    },
    apply: 'Apply',
    applyReload: 'Apply (reloads the page)',
    applied: 'Applied: pay in the shop to see what a shopper sees.',
    restore: 'Restore everything',
    applying: 'Applying…',
    failed: (why: string) => `The lab could not change state: ${why}`,
  },
  drill: {
    run: 'Run the drill',
    frameTitle: 'Shop played by the drill',
    stopped: (why: string) => `The drill stopped: ${why}`,
    stepError: (why: string) => `The step did not finish (${why}).`,
    running: (index: number, total: number, step: string) => `Drill running: step ${index} of ${total} — ${step}`,
    title: 'Drill report',
    steps: {
      'all-up': 'Everything up: card',
      'stripe-blocked-adyen': 'Stripe blocked: the card is paid through Adyen',
      'stripe-blocked': 'Stripe and Adyen blocked: PayPal',
      'stripe-hangs': 'Stripe hangs, Adyen blocked: PayPal',
      'both-down': 'Stripe, Adyen and PayPal down: bank transfer',
      'stripe-api-errors': 'Stripe’s API fails during the payment, Adyen blocked: PayPal',
      decline: 'Card declined, then another card',
      'merchant-down': 'Merchant server down: order queued',
    },
    columns: { step: 'Step', order: 'Order', outcome: 'Outcome', method: 'Recorded by the server', charges: 'Charges' },
    outcomes: { paid: 'paid', pending: 'awaiting the transfer', 'queued-then-delivered': 'queued, then delivered', failed: 'failed' },
    lostOrder: 'lost',
    summary: (taken: number, lost: number, twice: number) =>
      `${taken} order${taken === 1 ? '' : 's'} taken, ${lost} lost, ${twice} charged twice.`,
    passed: 'Drill passed.',
    notPassed: 'Drill failed: see the steps.',
  },
  alertPlay: {
    run: 'Play a success-rate alert',
    running: (index: number, total: number, step: string) => `Playing an alert: payment ${index} of ${total} — ${step}`,
    title: 'Alert received by the webhook',
    intro: (attempts: number, below: number) =>
      `The server counts each method's last ${attempts} payments and alerts below ${below}% success (declines do not count). ` +
      'The lab receives its signed webhook, as yours would (--alert-webhook).',
    fired: (summary: string, at: string) => `Alert received at ${at}: ${summary}.`,
    resolved: (at: string) => `Its resolution received at ${at}.`,
    signature: (verified: boolean) => (verified ? 'Signature verified.' : 'Signature refused!'),
    missing: (what: string) => `Nothing received for ${what}: see the payments below.`,
    alert: 'the alert',
    resolution: 'its resolution',
    passed: 'Alert and resolution received, signed.',
    notPassed: 'The alert did not arrive as expected.',
  },
  dashboard: {
    title: 'What the merchant sees',
    chart: 'Success rate by payment method, and incidents',
    chartSummary: (orders: number, incidents: number) =>
      `${orders} order${orders === 1 ? '' : 's'} and ${incidents} incident${incidents === 1 ? '' : 's'} received by the server.`,
    empty: 'Nothing yet: pay in the shop or run the drill.',
    rate: 'Success (%)',
    time: 'Time',
    incidents: 'Incidents',
    orders: 'Orders received',
    columns: { time: 'Time', order: 'Order', method: 'Method', amount: 'Amount', status: 'Status', queued: 'Queued' },
    queuedAt: (time: string) => `queued at ${time}, delivered later`,
    queuedOffline: (time: string) => `queued at ${time}, shopper offline, delivered later`,
    queuedServerDown: (time: string) => `queued at ${time}, server unreachable, delivered later`,
    olderOrders: 'Older orders',
    loadingCharts: 'Loading the charts…',
    totals: (method: string, taken: number, failed: number, declined: number) =>
      `${method}: ${taken} order${taken === 1 ? '' : 's'}, ${failed} technical failure${failed === 1 ? '' : 's'}, ` +
      `${declined} decline${declined === 1 ? '' : 's'} by the bank (a decline is not an outage)`,
    rateTitle: (method: string, rate: number, taken: number, failed: number, declined: number) =>
      `${method}: ${rate} % (${taken} of ${taken + failed}); bank declines apart: ${declined}`,
    markTitle: (count: number, kind: string, row: string) => `${row}: ${count} × ${kind}`,
    statuses: { paid: 'paid (verified)', verifying: 'payment being verified', refunded: 'refunded', 'pending-payment': 'transfer expected', pending: 'recorded, not paid', 'awaiting-payment-link': 'payment link to send' },
    noOutage: 'No outage recorded.',
    kinds: {
      'sdk-load-failed': 'script did not load',
      'sdk-missing-global': 'script without its global',
      'sdk-timeout': 'script too slow',
      csp: 'blocked by the CSP',
      'element-load-error': 'form did not load',
      'api-unavailable': 'API unavailable',
      'integration-error': 'integration error',
      'merchant-unavailable': 'merchant server unreachable',
      unreachable: 'unreachable',
    },
    direct: '—',
    export: 'Incident report',
    outage: { provider: 'Down', cause: 'Cause', from: 'Start', until: 'End', ongoing: 'ongoing', otherMethod: 'Orders through another method', queued: 'Orders queued', kept: 'Amount kept' },
    exportJson: 'Download as JSON',
    exportCsv: 'Download as CSV',
    unreachable: 'Merchant server unreachable: showing the last data.',
  },
  methods: { stripe: 'Card (Stripe)', adyen: 'Card (Adyen)', paypal: 'PayPal', 'bank-transfer': 'Bank transfer', 'pay-later': 'Payment link', 'merchant-server': 'Merchant server' },
};

export const copy: Record<Lang, Copy> = { fr, en };
