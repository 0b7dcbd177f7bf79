// One `relais-server` instance for the two-instance test: startServer on the PostgreSQL URL it is
// given, with live Stripe and PayPal gateways pointed at the test's fake provider servers (one
// provider for every instance, as in production). Prints its URL as one JSON line, then serves
// until killed.
import { startServer } from '@relais/server';

const { db, stripeBase, paypalBase, adminToken } = JSON.parse(process.argv[2]);
const server = await startServer({
  port: 0,
  db,
  adminToken,
  stripe: { secretKey: 'sk_test_relaisTwoInstances0000', apiBase: stripeBase },
  paypal: { clientId: 'AYrelais', clientSecret: 'ELrelais', environment: 'sandbox', apiBase: paypalBase },
  onError: () => {},
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.once('SIGTERM', () => {
  server.close().then(() => process.exit(0), () => process.exit(1));
});
