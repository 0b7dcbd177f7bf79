import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signAlert, SIGNATURE_HEADER } from '@relais/server';
import { createLabAlertInbox, type ReceivedAlert } from './lab-alerts.js';

const inboxList = async (inbox: ReturnType<typeof createLabAlertInbox>) =>
  ((await inbox.route(new Request('http://lab.test/__lab/alerts')).json()) as { alerts: ReceivedAlert[] }).alerts;

describe('the outage lab\'s alert inbox', () => {
  it('takes a delivery signed with its secret as verified, and lists it', async () => {
    const inbox = createLabAlertInbox();
    const body = JSON.stringify({ id: 'a1', status: 'firing', kind: 'success-rate', subject: 'stripe', summary: 'stripe: 33%', startedAt: new Date().toISOString(), details: {} });
    const answer = await inbox.options.fetch!(inbox.options.url, {
      method: 'POST', headers: { [SIGNATURE_HEADER]: signAlert(body, inbox.options.secret, Math.floor(Date.now() / 1000)) }, body,
    });
    assert.equal(answer.status, 204);
    assert.deepEqual((await inboxList(inbox)).map((alert) => [alert.id, alert.subject, alert.signatureVerified]), [['a1', 'stripe', true]]);
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
