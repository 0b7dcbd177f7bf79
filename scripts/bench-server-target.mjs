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

/** The same work with no framework: parse, insert-or-read by key, answer JSON. */
async function baseline() {
  const answer = (res, status, body) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  let insert;
  let health;
  if (db === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const sqlite = new Database(':memory:');
    sqlite.exec(`CREATE TABLE orders (idempotency_key TEXT PRIMARY KEY, order_json TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE incidents (id INTEGER PRIMARY KEY, provider TEXT, kind TEXT, order_id TEXT, received_at INTEGER);
      CREATE INDEX incidents_received_at ON incidents (received_at)`);
    const add = sqlite.prepare('INSERT INTO orders VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
    const read = sqlite.prepare('SELECT order_json FROM orders WHERE idempotency_key = ?');
    const failing = sqlite.prepare('SELECT provider, COUNT(DISTINCT order_id) AS n FROM incidents WHERE received_at >= ? GROUP BY provider');
    insert = async (key, json) => {
      const created = add.run(key, json, new Date().toISOString()).changes === 1;
      return { created, json: created ? json : read.get(key).order_json };
    };
    health = async () => failing.all(Date.now() - 300_000);
  } else {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: db, max: 10 });
    await pool.query(`CREATE TABLE IF NOT EXISTS base_orders (idempotency_key TEXT PRIMARY KEY, order_json TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS base_incidents (id BIGSERIAL PRIMARY KEY, provider TEXT, kind TEXT, order_id TEXT, received_at BIGINT);
      CREATE INDEX IF NOT EXISTS base_incidents_received_at ON base_incidents (received_at)`);
    insert = async (key, json) => {
      const { rowCount } = await pool.query('INSERT INTO base_orders VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [key, json, new Date().toISOString()]);
      if (rowCount === 1) return { created: true, json };
      const { rows } = await pool.query('SELECT order_json FROM base_orders WHERE idempotency_key = $1', [key]);
      return { created: false, json: rows[0].order_json };
    };
    health = async () => (await pool.query('SELECT provider, COUNT(DISTINCT order_id) AS n FROM base_incidents WHERE received_at >= $1 GROUP BY provider', [Date.now() - 300_000])).rows;
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
      insert(key, JSON.stringify(order)).then(
        ({ created, json }) => answer(res, created ? 201 : 200, { ...JSON.parse(json), status: 'pending' }),
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
