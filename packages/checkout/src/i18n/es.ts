import type { Messages } from './messages.js';

export const es: Messages = {
  locale: 'es-ES',
  heading: 'Pago',
  methodsLabel: 'Método de pago',
  methodInSentence: { stripe: 'tarjeta', adyen: 'tarjeta', paypal: 'PayPal', 'bank-transfer': 'transferencia bancaria' },
  methods: { stripe: 'Tarjeta', adyen: 'Tarjeta', paypal: 'PayPal', 'bank-transfer': 'Transferencia bancaria' },
  loading: (method) => `Cargando el pago con ${method}…`,
  unavailableBadge: 'no disponible',
  switched: (from, to) =>
    `Lo sentimos, ahora mismo no es posible pagar con ${from}. No se ha realizado ningún cargo. Puede pagar con ${to}.`,
  cardSwitched: 'El pago con tarjeta pasa ahora por otro proveedor. No se ha realizado ningún cargo.',
  allUnavailable:
    'Lo sentimos, ahora mismo no hay ningún método de pago disponible. No se ha realizado ningún cargo. Vuelva a intentarlo dentro de unos minutos.',
  recovered: (method) => `El pago con ${method} vuelve a estar disponible: ya puede pagar.`,
  lateReady: (method) => `El pago con ${method} ya responde: también puede elegirlo.`,
  shopUnavailable: (to) =>
    `La tienda no responde en este momento. No se ha realizado ningún cargo. Puede hacer su pedido con ${to}: se conservará en este dispositivo y se enviará a la tienda en cuanto responda.`,
  shopUnavailableNone: 'La tienda no responde en este momento. No se ha realizado ningún cargo. Vuelva a intentarlo dentro de unos minutos.',
  shopUnavailableReserve: 'La tienda no responde en este momento. No se ha realizado ningún cargo. Puede reservar su pedido: se conservará en este dispositivo y se enviará a la tienda en cuanto responda.',
  configError: 'El pago no está disponible en esta página. No se ha realizado ningún cargo.',
  pay: (amount) => `Pagar ${amount}`,
  paying: 'Procesando el pago…',
  verifying: 'Estamos comprobando su pago. No vuelva a pagar: esta página se actualizará en cuanto tengamos la respuesta.',
  cancelled: 'Pago cancelado. No se ha realizado ningún cargo: puede volver a intentarlo o elegir otro método de pago.',
  declined: (reason) => `Pago rechazado: ${reason} Compruebe sus datos o elija otro método de pago.`,
  declinedGeneric: 'Pago rechazado. Compruebe sus datos o elija otro método de pago.',
  succeeded: 'Pago aceptado. ¡Gracias por su pedido!',
  orderNumber: 'Número de pedido',
  copy: 'Copiar',
  copyField: (field) => `Copiar ${field}`,
  // Every copyable field (IBAN, BIC, Importe, Concepto) is masculine.
  copied: (field) => `${field} copiado`,
  bank: {
    heading: 'Pagar por transferencia bancaria',
    intro: 'Confirme su pedido: los datos de la transferencia y el código QR aparecerán en cuanto la tienda lo haya aceptado. Lo enviaremos en cuanto recibamos el pago.',
    keptIntro: 'La tienda aún no lo ha confirmado: ya puede hacer la transferencia con estos datos, los de la cuenta habitual de la tienda; si al confirmar su pedido la tienda le indica otros, use esos. Lo enviaremos en cuanto recibamos el pago.',
    beneficiary: 'Beneficiario',
    iban: 'IBAN',
    bic: 'BIC',
    amount: 'Importe',
    reference: 'Concepto',
    referenceHint: 'Indique este concepto tal como aparece: así identificamos su pago.',
    qrLabel: 'Código QR de la transferencia (EPC), para escanear con la app de su banco',
    qrHint: 'Escanéelo con la app de su banco para rellenar la transferencia.',
    qrUnavailable: (currency) =>
      `No hay código QR para pagos en ${currency}: introduzca estos datos en la app de su banco.`,
    qrUnavailableAccount: 'No hay código QR para esta cuenta: introduzca estos datos en la app de su banco.',
    placeOrder: (amount) => `Confirmar pedido (${amount})`,
    placing: 'Guardando su pedido…',
    pendingHeading: 'Pedido registrado, pendiente de su transferencia',
    pendingBody: (amount, reference) =>
      `Transfiera ${amount} a la cuenta que aparece abajo con el concepto ${reference}.`,
  },
  skipped: (method, to) => `El pago con ${method} no está disponible en este momento. Puede pagar con ${to}.`,
  maintenance: (method, until, to) =>
    `El pago con ${method} está en mantenimiento programado${until ? ` hasta las ${until}` : ''}. Puede pagar con ${to}.`,
  maintenanceSoon: (method, from, until) => `El pago con ${method} estará en mantenimiento de ${from} a ${until}.`,
  cancelledSwitched: (from, to) =>
    `Su pago con ${from} no se ha completado y se ha cancelado: no se ha realizado ningún cargo. Puede pagar con ${to}.`,
  processing: 'Su banco está procesando el pago. Confirmaremos su pedido en cuanto se complete.',
  queue: {
    keptOffline: 'No está conectado a Internet. Su pedido está guardado en este dispositivo y se enviará a la tienda en cuanto vuelva la conexión. No se ha realizado ningún cargo.',
    keptShopDown: 'La tienda no responde en este momento. Su pedido está guardado en este dispositivo y se le enviará en cuanto responda. No se ha realizado ningún cargo.',
    paidKeptOffline: 'No está conectado a Internet: su pedido se enviará a la tienda en cuanto vuelva la conexión. No tiene que pagar nada más.',
    paidKeptShopDown: 'La tienda no responde en este momento: su pedido se le enviará en cuanto responda. No tiene que pagar nada más.',
    delivered: 'Su pedido ha llegado a la tienda.',
    failed: 'La tienda no ha podido aceptar su pedido guardado. No se ha realizado ningún cargo. Póngase en contacto con la tienda.',
    alreadyPaid: 'Este pedido ya está pagado: no tiene nada más que abonar. ¡Gracias por su pedido!',
    failedPaid: (reference) =>
      `Su pago se ha realizado (referencia ${reference}), pero la tienda no ha podido registrar su pedido. Póngase en contacto con la tienda indicando esta referencia.`,
    expired: 'Su pedido guardado no ha podido llegar a la tienda en 7 días y no se ha enviado. No se ha realizado ningún cargo; póngase en contacto con la tienda.',
    memoryOnly: 'Este navegador no puede conservar su pedido si cierra la página: manténgala abierta hasta que se envíe.',
    reserve: 'Reservar mi pedido y pagar más tarde',
    reserved: 'Su pedido está reservado. La tienda le enviará un enlace de pago.',
  },
  notRecorded:
    'No hemos podido contactar con la tienda para registrar su pedido. No se ha realizado ningún cargo y su pedido se conserva en esta página.',
  retry: 'Volver a intentarlo',
  orderRejected: 'La tienda no ha podido aceptar este pedido. No se ha realizado ningún cargo. Póngase en contacto con la tienda.',
  retrying: 'Reintentando…',
};
