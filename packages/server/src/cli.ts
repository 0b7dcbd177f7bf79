#!/usr/bin/env node
/**
 * `relais-server`: flags and environment -> `startServer` options, one line out, one line per
 * error. The server itself is start-server.ts.
 */
import { realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ADMIN_TOKEN_VARIABLE, adminTokenProblem } from './admin-auth.js';
import { MIN_ALERT_SECRET_LENGTH } from './alerts.js';
import { statusPagesProblem, type StatusPages } from './status-feed.js';
import { priceCheckAt } from './pricing.js';
import { normaliseBasePath } from './base-path.js';
import type { PayPalOptions, StripeOptions } from './providers.js';
import { DEFAULTS, DEMO_DB, DEFAULT_ELEMENT_DIR, DEFAULT_PUBLIC_DIR, isDirectory, startServer, type ProviderMode, type RunningServer, type ServerOptions } from './start-server.js';


export const USAGE = `Usage: relais-server [options]

Serves the Relais merchant API, the built <relais-checkout> element (/relais-checkout.js),
its service worker (/relais-sw.js) and, optionally, a site directory.

Options:
  --port <n>           port (env PORT; default 8787; 0 picks a free one)
  --host <host>        interface (default 127.0.0.1; 0.0.0.0 for every interface)
  --base <path>        where the merchant API is mounted (default /checkout)
  --db <file|url>      the order store: a SQLite file, or postgres://user@host:port/db to share
                       it between instances (env RELAIS_DB; default .data/relais.sqlite,
                       .data/demo.sqlite with --demo)
  --site <dir>         also serve this directory (a directory answers its index.html)
  --element-dir <dir>  the built element (default: packages/checkout/cdn of this checkout)
  --public-dir <dir>   where relais-sw.js is (default: public/ of this checkout)
  --price-check <url>  POST each new order's cart to this URL of the shop's own, which answers
                       {amount} (its price; another amount is refused) or a 4xx (not for sale).
                       Without it the amount the page sends is recorded, and paid for exactly
  --status-page <method>=<url>[#component,…]
                       a provider's status page in Statuspage's v2 format (…/api/v2/summary.json)
                       and the components that matter (default: all); repeat for more pages.
                       Its outages and maintenances reach GET <base>/health
  --alert-webhook <url>  POST signed alerts here (success rate, provider down or in maintenance,
                       API unreachable for pages); needs RELAIS_ALERT_SECRET
  --sandbox            fake providers even under NODE_ENV=production (refused with keys)
  --demo               the demo shop and its outage lab (after npm run build; sandbox only)
  -h, --help           show this help

Environment:
  STRIPE_SECRET_KEY        real Stripe (+ STRIPE_WEBHOOK_SECRET: POST <base>/stripe/webhooks)
  PAYPAL_CLIENT_ID         real PayPal, with PAYPAL_CLIENT_SECRET
  PAYPAL_ENVIRONMENT       sandbox (default) or production
  RELAIS_ALERT_SECRET      the key alerts are signed with (Relais-Signature; 16+ characters)
  RELAIS_ADMIN_TOKEN       bearer token of GET <base>/orders, /events, /report and /metrics (16+ characters;
                           unset, they answer 403). --demo makes up its own for its dashboard
  Without keys the sandbox's fake Stripe and PayPal answer: nothing real can be charged.
  The sandbox and --demo come from @relais/lab, loaded only for them (an error says so when it
  is not installed).
`;

export type Command =
  | { ok: true; help: true }
  | { ok: true; help: false; options: ServerOptions }
  | { ok: false; error: string };

const VALUE_FLAGS = ['port', 'host', 'base', 'db', 'site', 'element-dir', 'public-dir', 'price-check', 'alert-webhook'] as const;
export const ALERT_SECRET_VARIABLE = 'RELAIS_ALERT_SECRET';
type ValueFlag = (typeof VALUE_FLAGS)[number];
const isValueFlag = (name: string): name is ValueFlag => (VALUE_FLAGS as readonly string[]).includes(name);

/** What `node:util`'s `parseArgs` is told; the checks it leaves to us (our messages) are in `readFlags`. */
const FLAGS = {
  ...Object.fromEntries(VALUE_FLAGS.map((name) => [name, { type: 'string' }])),
  'status-page': { type: 'string', multiple: true },
  sandbox: { type: 'boolean' },
  demo: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

interface Flags {
  values: Partial<Record<ValueFlag, string>>;
  statusPages: StatusPages;
  sandbox: boolean;
  demo: boolean;
}

/**
 * The flags in the order given, through `parseArgs`'s tokens (not strict: its own errors are not
 * ours), stopping at the first problem or at `-h`/`--help`, as the usage promises.
 */
function readFlags(args: readonly string[]): Flags | { help: true } | { error: string } {
  const { tokens } = parseArgs({ args: [...args], options: FLAGS, strict: false, allowPositionals: true, tokens: true });
  const flags: Flags = { values: {}, statusPages: {}, sandbox: false, demo: false };
  for (const token of tokens) {
    if (token.kind === 'positional') return { error: `unexpected argument "${token.value}" (flags start with --; see --help)` };
    if (token.kind === 'option-terminator') return { error: 'unknown flag -- (see --help)' };
    const { name, rawName, value, inlineValue } = token;
    if (!rawName.startsWith('--')) {
      if (rawName === '-h') return { help: true };
      return { error: `unexpected argument "${args[token.index]}" (flags start with --; see --help)` };
    }
    if (name === 'help' && !inlineValue) return { help: true };
    if (name === 'sandbox' || name === 'demo') {
      if (inlineValue) return { error: `--${name} takes no value (see --help)` };
      flags[name] = true;
      continue;
    }
    if (!isValueFlag(name) && name !== 'status-page') return { error: `unknown flag --${name} (see --help)` };
    if (value === undefined || value === '' || (!inlineValue && value.startsWith('--'))) return { error: `--${name} needs a value (see --help)` };
    if (name !== 'status-page') flags.values[name] = value;
    else {
      const problem = addStatusPage(flags.statusPages, value);
      if (problem) return { error: problem };
    }
  }
  return flags;
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

/** Reads an environment variable; empty means unset (a blank line in an env file). */
function envOf(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function providersFrom(env: NodeJS.ProcessEnv): { stripe?: StripeOptions; paypal?: PayPalOptions } | string {
  const result: { stripe?: StripeOptions; paypal?: PayPalOptions } = {};
  const secretKey = envOf(env, 'STRIPE_SECRET_KEY');
  const webhookSecret = envOf(env, 'STRIPE_WEBHOOK_SECRET');
  // Messages name variables, never their values: they are secrets.
  if (webhookSecret && !secretKey) return 'STRIPE_WEBHOOK_SECRET is set but STRIPE_SECRET_KEY is not';
  if (secretKey) result.stripe = webhookSecret ? { secretKey, webhookSecret } : { secretKey };
  const clientId = envOf(env, 'PAYPAL_CLIENT_ID');
  const clientSecret = envOf(env, 'PAYPAL_CLIENT_SECRET');
  if (clientId && !clientSecret) return 'PAYPAL_CLIENT_ID is set but PAYPAL_CLIENT_SECRET is not';
  if (clientSecret && !clientId) return 'PAYPAL_CLIENT_SECRET is set but PAYPAL_CLIENT_ID is not';
  const environment = envOf(env, 'PAYPAL_ENVIRONMENT') ?? 'sandbox';
  if (environment !== 'sandbox' && environment !== 'production') {
    return `PAYPAL_ENVIRONMENT must be sandbox or production, got "${environment}"`;
  }
  if (clientId && clientSecret) result.paypal = { clientId, clientSecret, environment };
  return result;
}

/** `paypal=https://…/api/v2/summary.json#Payments API,Checkout` into `pages`, or the problem. */
function addStatusPage(pages: StatusPages, value: string): string | undefined {
  const equals = value.indexOf('=');
  const method = value.slice(0, equals);
  const [url = '', components] = value.slice(equals + 1).split(/#(.*)/s);
  const source = components === undefined ? { url } : { url, components: components.split(',').map((name) => name.trim()) };
  const problem = equals <= 0 ? 'it needs <method>=<url>' : statusPagesProblem({ [method]: [source] });
  if (problem) return `--status-page ${problem.replace(/^statusPages\./, '').replace('[0].', ' ')}, got "${value}" (e.g. paypal=https://www.paypal-status.com/api/v2/summary.json#Payments API)`;
  (pages[method as keyof StatusPages] ??= []).push(source);
  return undefined;
}

/** Flags win over the environment. Every problem is one sentence, without the `relais-server:`. */
export function parseCommandLine(args: readonly string[], env: NodeJS.ProcessEnv): Command {
  const flags = readFlags(args);
  if ('help' in flags) return { ok: true, help: true };
  if ('error' in flags) return { ok: false, error: flags.error };
  const { values, sandbox, demo, statusPages } = flags;

  const portText = values.port ?? envOf(env, 'PORT');
  const port = portText === undefined ? DEFAULTS.port : parsePort(portText);
  if (port === undefined) {
    return { ok: false, error: `${values.port ? '--port' : 'PORT'} must be a whole number from 0 to 65535, got "${portText}"` };
  }
  const options: ServerOptions = { port, host: values.host ?? DEFAULTS.host, db: values.db ?? envOf(env, 'RELAIS_DB') ?? (demo ? DEMO_DB : DEFAULTS.db) };
  if (values.base !== undefined) {
    if (!values.base.startsWith('/') || normaliseBasePath(values.base) === '') {
      return { ok: false, error: `--base must be a path below / such as /checkout, got "${values.base}"` };
    }
    options.basePath = values.base;
  }
  if (values['price-check'] !== undefined) {
    const url = URL.canParse(values['price-check']) ? new URL(values['price-check']) : undefined;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      return { ok: false, error: `--price-check must be an http(s) URL, got "${values['price-check']}"` };
    }
    options.priceOrder = priceCheckAt(url.href);
  }
  if (Object.keys(statusPages).length > 0) options.statusPages = statusPages;
  if (values['alert-webhook'] !== undefined) {
    const url = values['alert-webhook'];
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) return { ok: false, error: `--alert-webhook must be an http(s) URL, got "${url}"` };
    const secret = envOf(env, ALERT_SECRET_VARIABLE);
    if (secret === undefined) return { ok: false, error: `--alert-webhook needs ${ALERT_SECRET_VARIABLE} (the key alerts are signed with)` };
    if (secret.length < MIN_ALERT_SECRET_LENGTH) return { ok: false, error: `${ALERT_SECRET_VARIABLE} must be at least ${MIN_ALERT_SECRET_LENGTH} characters` };
    options.alerts = { url, secret };
  }
  for (const [flag, key] of [['site', 'site'], ['element-dir', 'elementDir'], ['public-dir', 'publicDir']] as const) {
    const dir = values[flag];
    if (dir === undefined) continue;
    if (!isDirectory(dir)) return { ok: false, error: `--${flag} ${dir}: no such directory` };
    options[key] = dir;
  }

  const providers = providersFrom(env);
  if (typeof providers === 'string') return { ok: false, error: providers };
  Object.assign(options, providers);
  const live = Boolean(providers.stripe || providers.paypal);
  if (sandbox && live) {
    return { ok: false, error: '--sandbox cannot be combined with STRIPE_* or PAYPAL_* keys in the environment' };
  }
  if (sandbox) options.sandbox = true;
  if (demo) {
    if (live) return { ok: false, error: '--demo runs on the sandbox only: remove the STRIPE_* and PAYPAL_* keys from the environment' };
    if (options.basePath !== undefined && normaliseBasePath(options.basePath) !== DEFAULTS.basePath) {
      return { ok: false, error: `--demo serves pages that call ${DEFAULTS.basePath}: leave out --base` };
    }
    options.demo = true;
    options.sandbox = true;
  }
  const adminToken = envOf(env, ADMIN_TOKEN_VARIABLE);
  if (adminToken !== undefined) {
    // The demo's lab hands its token to its own pages: a real one must not end up there.
    if (demo) return { ok: false, error: `--demo makes up its own admin token for its dashboard: unset ${ADMIN_TOKEN_VARIABLE}` };
    const problem = adminTokenProblem(adminToken); // names the variable, never quotes its value
    if (problem) return { ok: false, error: `${ADMIN_TOKEN_VARIABLE} ${problem}` };
    options.adminToken = adminToken;
  }
  if (!live && !options.sandbox && envOf(env, 'NODE_ENV') === 'production') {
    return {
      ok: false,
      error: 'NODE_ENV=production without STRIPE_SECRET_KEY or PAYPAL_CLIENT_ID/PAYPAL_CLIENT_SECRET: set keys, or pass --sandbox to take fake payments on purpose',
    };
  }
  return { ok: true, help: false, options };
}

function describeMode(mode: ProviderMode, detail: string | undefined): string {
  return mode === 'live' && detail ? `live (${detail})` : mode;
}

/** The one line printed once listening. It names modes, never a key. */
export function listeningLine(server: RunningServer, options: ServerOptions): string {
  const stripeKey = options.stripe?.secretKey ?? '';
  const stripeDetail = [
    /^[sr]k_test_/.test(stripeKey) ? 'test key' : undefined,
    options.stripe?.webhookSecret ? 'webhooks on' : undefined,
  ].filter(Boolean).join(', ');
  const paypalDetail = options.paypal ? `${options.paypal.environment} environment` : undefined;
  const base = normaliseBasePath(options.basePath ?? DEFAULTS.basePath);
  return (
    `relais-server listening on ${server.url} (API at ${base}): ` +
    `stripe ${describeMode(server.modes.stripe, stripeDetail || undefined)}, ` +
    `paypal ${describeMode(server.modes.paypal, paypalDetail)}`
  );
}

/** What is missing for a page to work, one line each (stderr; the server runs regardless). */
function warnings(options: ServerOptions): string[] {
  const lines: string[] = [];
  const element = options.elementDir ?? DEFAULT_ELEMENT_DIR;
  const publicDir = options.publicDir ?? DEFAULT_PUBLIC_DIR;
  const exists = (path: string) => statSync(path, { throwIfNoEntry: false })?.isFile() === true;
  if (!exists(join(element, 'relais-checkout.js'))) lines.push(`relais-server: warning: no relais-checkout.js in ${element} (run \`npm run build\`)`);
  if (!exists(join(publicDir, 'relais-sw.js'))) lines.push(`relais-server: warning: no relais-sw.js in ${publicDir} (run \`npm run build:sw\`)`);
  if (!options.demo && options.adminToken === undefined) {
    const base = normaliseBasePath(options.basePath ?? DEFAULTS.basePath);
    lines.push(`relais-server: warning: ${ADMIN_TOKEN_VARIABLE} is not set: GET ${base}/orders, /events, /report and /metrics answer 403`);
  }
  return lines;
}

/** An error as one line: the message and its causes, never a stack. */
function oneLine(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e !== undefined && parts.length < 4; e = e instanceof Error ? e.cause : undefined) {
    parts.push(e instanceof Error ? e.message : String(e));
  }
  return parts.join(': ').replace(/\s+/g, ' ');
}

export async function main(args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const command = parseCommandLine(args, env);
  if (!command.ok) {
    console.error(`relais-server: ${command.error}`);
    process.exitCode = 2;
    return;
  }
  if (command.help) {
    process.stdout.write(USAGE);
    return;
  }
  const { options } = command;
  let server: RunningServer;
  try {
    server = await startServer(options);
  } catch (error) {
    console.error(`relais-server: ${oneLine(error)}`);
    process.exitCode = 1;
    return;
  }
  for (const line of warnings(options)) console.error(line);
  console.log(listeningLine(server, options));

  const stop = (signal: NodeJS.Signals) => {
    // A second signal while closing means "now".
    process.once(signal, () => process.exit(130));
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`relais-server: ${oneLine(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    // Through npm's bin link argv[1] is the link; compare real paths.
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

// No top-level await: the bin is this file bundled as CommonJS (scripts/bundle-server.mjs).
if (isEntryPoint()) void main(process.argv.slice(2), process.env);
