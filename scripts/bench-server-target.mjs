// A server for `npm run bench -- serverCost`, in its own process so the load generator does not
// share its event loop: the Relais merchant API, or the baseline (a bare `http` server doing the
// same insert, replay read and health query with the same driver). Prints its URL as one line.
import { createServer } from 'node:http';

const [kind, db] = process.argv.slice(2);
const ADMIN = 'bench-admin-token-0123456789';

async function relais() {
  const { createRelaisHandler, openOrderStore, openPostgresStore, toNodeListener } = await import('@relais/server');
  const { sandbox } = await import('@relais/lab');
  const store = db === 'sqlite' ? openOrderStore(':memory:') : await openPostgresStore(db);
  const handler = createRelaisHandler({ store, basePath: '/api', sandbox, adminToken: ADMIN, recheckIntervalMs: 0 });
  return toNodeListener(handler, { onError: () => {} });
}

/**
 * The same work with no framework: parse, insert-or-read by key, answer JSON. The same insert:
 * the order's row, its twelve columns, into the orders table as the store's own migrations make
 * it (its indexes and triggers), as the bare-server figure the goal is set against does. What
 * Relais adds to that row (validation, card-data check, cart hash, secret, metrics, the earlier
 * incidents asked in the insert) is what the comparison measures.
 */
async function baseline() {
  const answerText = (res, status, text) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const answer = (res, status, body) => answerText(res, status, JSON.stringify(body));
  /** The row the store writes for a new order, with what this server has: no cart hash, no reference. */
  const rowOf = (key, order, answered) => {
    const now = new Date().toISOString();
    return [key, order.orderId, key, JSON.stringify(order), 201, answered, now, now, null, 'pending', order.method, null];
  };
  let insert;
  let health;
  if (db === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const { migrate } = await import('../packages/server/dist/schema.js');
    const sqlite = new Database(':memory:');
    migrate(sqlite);
    const add = sqlite.prepare(`INSERT INTO orders (idempotency_key, order_id, request_hash, order_json, answer_status,
        answer_json, created_at, updated_at, queued_at, status, method, payment_reference)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
    const read = sqlite.prepare('SELECT answer_json FROM orders WHERE idempotency_key = ?').pluck();
    const failing = sqlite.prepare('SELECT provider, COUNT(DISTINCT order_id) AS n FROM incidents WHERE received_at >= ? GROUP BY provider');
    insert = async (key, order, answered) => {
      if (add.run(...rowOf(key, order, answered)).changes === 1) return { created: true, json: answered };
      return { created: false, json: read.get(key) };
    };
    health = async () => failing.all(Date.now() - 300_000);
  } else {
    const { default: pg } = await import('pg');
    const { migratePostgres } = await import('../packages/server/dist/pg-schema.js');
    // The store's tables in a schema of their own: Relais's target writes the same keys to its own.
    const setup = new pg.Client({ connectionString: db });
    await setup.connect();
    await setup.query('CREATE SCHEMA IF NOT EXISTS baseline');
    await setup.end();
    const pool = new pg.Pool({ connectionString: db, options: '-c search_path=baseline', max: 10 });
    await migratePostgres(pool);
    insert = async (key, order, answered) => {
      const { rowCount } = await pool.query(`INSERT INTO orders (idempotency_key, order_id, request_hash, order_json, answer_status,
          answer_json, created_at, updated_at, queued_at, status, method, payment_reference)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING`, rowOf(key, order, answered));
      if (rowCount === 1) return { created: true, json: answered };
      const { rows } = await pool.query('SELECT answer_json FROM orders WHERE idempotency_key = $1', [key]);
      return { created: false, json: rows[0].answer_json };
    };
    health = async () => (await pool.query('SELECT provider, COUNT(DISTINCT order_id) AS n FROM incidents WHERE received_at >= $1 GROUP BY provider', [Date.now() - 300_000])).rows;
  }
  return (req, res) => {
    if (req.method === 'GET' && req.url === '/api/health') {
      health().then((rows) => answer(res, 200, { providers: rows }), () => answer(res, 500, {}));
      return;
    }
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      let order;
      try {
        order = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        answer(res, 400, { error: 'invalid-order' });
        return;
      }
      const key = req.headers['idempotency-key'];
      insert(key, order, JSON.stringify({ ...order, status: 'pending' })).then(
        ({ created, json }) => answerText(res, created ? 201 : 200, json),
        () => answer(res, 500, {}),
      );
    });
  };
}

const listener = kind === 'relais' ? await relais() : await baseline();
const server = createServer({ keepAliveTimeout: 60_000 }, listener);
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${server.address().port}\n`);
});
