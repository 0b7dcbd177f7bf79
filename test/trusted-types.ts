/**
 * Puts this test page under a merchant's Trusted Types policy. A CSP `<meta>` applies from its
 * insertion on: the test framework and Lit (whose `lit-html` policy exists by then) loaded before
 * it, everything Relais loads after it. No `default` policy is ever created, so any string
 * reaching a Trusted Types sink is refused and reported.
 */
export interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  source: string;
}

/**
 * Inserts `require-trusted-types-for 'script'; trusted-types <policies>`, proves it is in force
 * (a string at a script sink is refused), then collects every violation reported from now on.
 */
export async function enforceTrustedTypes(policies: string): Promise<Violation[]> {
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = `require-trusted-types-for 'script'; trusted-types ${policies}`;
  document.head.append(meta);
  const probeReported = new Promise((resolve) => document.addEventListener('securitypolicyviolation', resolve, { once: true }));
  try {
    document.createElement('script').src = '/never-loaded.js';
    throw new Error('the Trusted Types policy is not in force: a string reached script.src');
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
  await probeReported;
  const violations: Violation[] = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    violations.push({ directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample, source: event.sourceFile });
  });
  return violations;
}
