import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAlerts, SIGNATURE_HEADER } from './alerts.js';
import { createLabAlertInbox, type ReceivedAlert } from './lab-alerts.js';

const inboxList = async (inbox: ReturnType<typeof createLabAlertInbox>) =>
  ((await inbox.route(new Request('http://lab.test/__lab/alerts')).json()) as { alerts: ReceivedAlert[] }).alerts;

describe('the outage lab\'s alert inbox', () => {
  it('receives the server\'s signed alert and its resolution, each signature verified', async () => {
    const inbox = createLabAlertInbox();
    const alerts = createAlerts(inbox.options, { onError: (error) => assert.fail(error) });
    alerts.fire('success-rate:stripe', 'success-rate', 'stripe', 'stripe: 0% of the last 3 payments succeeded');
    alerts.resolve('success-rate:stripe', { successRate: 1 });
    await alerts.settled();
    const received = await inboxList(inbox);
    assert.deepEqual(received.map((alert) => [alert.status, alert.subject, alert.signatureVerified]), [['firing', 'stripe', true], ['resolved', 'stripe', true]]);
    assert.equal(received[0]!.id, received[1]!.id, 'the resolution names its alert');
  });

  it('shows a delivery whose signature does not match as refused (401), not as an alert the lab vouches for', async () => {
    const inbox = createLabAlertInbox();
    const body = JSON.stringify({ id: 'forged', status: 'firing', kind: 'provider-down', subject: 'paypal', summary: 'forged', startedAt: new Date().toISOString(), details: {} });
    const answer = await inbox.options.fetch!(inbox.options.url, {
      method: 'POST', headers: { [SIGNATURE_HEADER]: `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` }, body,
    });
    assert.equal(answer.status, 401);
    assert.deepEqual((await inboxList(inbox)).map((alert) => [alert.id, alert.signatureVerified]), [['forged', false]]);
  });

  it('answers only GET', async () => {
    const answer = createLabAlertInbox().route(new Request('http://lab.test/__lab/alerts', { method: 'DELETE' }));
    assert.equal(answer.status, 405);
  });
});
