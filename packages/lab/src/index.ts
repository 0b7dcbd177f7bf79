/**
 * @relais/lab: everything around the Relais merchant API that is not the product — fake Stripe
 * and PayPal (`sandbox`, for `createRelaisHandler({ sandbox })`), fault injection, the demo's
 * outage lab, and what `relais-server --sandbox`/`--demo` load from here. Private: a shop's
 * install of `@relais/server` never contains it.
 */
export { sandbox } from './fake-providers/index.js';
export { withFaults, type FaultResponse, type FaultRule, type FaultControl, type FaultOptions } from './faults.js';
export { createOutageLab, DEMO_CATALOGUE, LAB_ADMIN_TOKEN_PATH, LAB_STATE_PATH, type OutageLab } from './outage-lab.js';
export { LAB_ALERTS_PATH, type ReceivedAlert } from './lab-alerts.js';
export type { LabState, Maintenance, ProviderMode as LabProviderMode } from './lab-state.js';
export { serverLab, DEFAULT_DEMO_DIR, DEMO_DB, DEMO_PAGE_POLICY } from './server-lab.js';
