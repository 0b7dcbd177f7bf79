// What the bundle test and the benchmarks share: a static server for the built bundle and a
// headless Debian Chromium. Nothing here knows about the element.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { chromium } from 'playwright';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The page a merchant writes: one script tag and the element, nothing else. */
export function merchantPage(elementHtml, { script = '/dist/relais-checkout.js' } = {}) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Relais bundle</title>
<script type="module" src="${script}"></script></head>
<body>
${elementHtml}
</body>
</html>
`;
}

const TYPES = { '.js': 'text/javascript', '.map': 'application/json', '.json': 'application/json', '.css': 'text/css' };

/**
 * Serves `dist` under /dist/ and in-memory `pages` ({'/index.html': {body, headers}}) on
 * 127.0.0.1 at a free port; any other path goes to `api(request, response)` when given (a
 * merchant API, e.g. @relais/server's `toNodeListener`). Resolves to {origin, close()}.
 */
export async function serve({ dist, pages, api }) {
  const server = createServer(async (request, response) => {
    const { pathname } = new URL(request.url, 'http://localhost');
    const page = pages[pathname];
    if (page) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...page.headers });
      return response.end(page.body);
    }
    if (pathname === '/favicon.ico') return response.writeHead(204).end(); // no 404 in the console
    if (api && !pathname.startsWith('/dist/')) return api(request, response, () => response.writeHead(404).end());
    const file = normalize(join(dist, decodeURIComponent(pathname.replace(/^\/dist\//, ''))));
    if (!pathname.startsWith('/dist/') || !file.startsWith(dist + sep)) return response.writeHead(404).end();
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections(); // keep-alive sockets would hold close() open
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Debian Chromium's flags for every run here (Web Test Runner too): `--no-sandbox` because CI
 * runs as root, and no background connections, which this machine's closed network refuses.
 */
export const chromiumLaunchOptions = {
  executablePath: chromiumPath,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
  ],
};

export function launchChromium() {
  return chromium.launch(chromiumLaunchOptions);
}

const START_TIMEOUT_MS = 60_000;

async function freePort() {
  const server = createNetServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * `npm start` exactly as a developer runs it, on a free port with its own order database;
 * resolves once it serves the page, with how long that took (`startMs`).
 */
export async function startDemo() {
  const dataDir = mkdtempSync(join(tmpdir(), 'relais-demo-'));
  const port = await freePort();
  const started = performance.now();
  // --force: Vite bundles the dependencies it finds by scanning the demo at start, as on a fresh
  // clone; a stale cache would discover one on a page load and reload that page mid-test.
  const child = spawn('npm', ['start', '--', '--port', String(port), '--strictPort', '--force'], {
    env: { ...process.env, RELAIS_DB: join(dataDir, 'relais.sqlite'), BROWSER: 'none' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: npm, sh and vite stop together
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited ${child.exitCode}:\n${output}`);
    if (performance.now() - started > START_TIMEOUT_MS) throw new Error(`npm start did not serve ${url} in time:\n${output}`);
    const ok = await fetch(`${url}/`).then((response) => response.ok, () => false);
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    startMs: performance.now() - started,
    async stop() {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
