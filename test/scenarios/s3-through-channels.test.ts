import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import { createMailTestApp, startSmtpServer, type TestSmtpServer } from '../channels/mail-support.ts';
import type { TestApp } from '../support/harness.ts';
import { DIALECTS } from '../support/harness.ts';
import { type LoadedScenario, loadScenario } from '../support/scenario.ts';

/**
 * SCENARIOS.md S3 through the real channels: the proposal leaves by SMTP (a robot sends it to a
 * real SMTP listener), and the client's answer arrives as a raw MIME reply threaded to it.
 */
for (const dialect of DIALECTS) {
  describe(`S3 through mail channels (${dialect})`, () => {
    let smtp: TestSmtpServer;
    let t: TestApp;
    let s3: LoadedScenario;
    before(async () => {
      smtp = await startSmtpServer();
      t = await createMailTestApp(dialect, { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
      s3 = await loadScenario(t, 's3');
      // The manager's proposal, sent by a robot when the deal is created.
      const robot = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'Send the proposal',
          stageId: s3.stage('New'),
          action: {
            type: 'send_email',
            params: {
              to: 'contact',
              subject: 'Our proposal for {{ item.title }}',
              text: 'Please find our offer.',
            },
          },
        },
      });
      assert.equal(robot.status, 201, JSON.stringify(robot.body));
    });
    after(async () => {
      await t.close();
      await smtp.close();
    });

    const newDeal = async (title: string) =>
      (
        await t.request({
          method: 'POST',
          url: '/api/v1/items',
          body: {
            pipelineId: s3.pipelineId,
            title,
            amount: '900.00',
            currency: 'EUR',
            contactId: s3.contact('peter'),
            responsibleId: s3.user('anna'),
          },
        })
      ).body;
    const stageOf = async (id: string) =>
      s3.stageName((await t.request({ method: 'GET', url: `/api/v1/items/${id}` })).body.stageId);
    const mailFor = (title: string) =>
      smtp.received.find((mail) => mail.parsed.subject === `Our proposal for ${title}`);

    test('the mailed proposal moves the deal; a threaded MIME reply moves it to Negotiation and the 3-day run never fires', async () => {
      const deal = await newDeal('Support plan A');
      const proposal = mailFor('Support plan A');
      assert.ok(proposal, 'the SMTP server received the proposal');
      assert.equal(proposal.rcptTo[0], 'peter.novak@nordlicht.example');
      assert.equal(await stageOf(deal.id), 'Proposal sent');

      await t.advance('PT30H');
      const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
      const reply = await transport.sendMail({
        // A colleague of Peter's answers from another address: the thread, not the sender, finds the deal.
        from: 'Team <team@nordlicht.example>',
        to: 'sales@romashka.example',
        subject: 'Re: Our proposal for Support plan A',
        text: 'Let us talk about the price.',
        messageId: '<reply-a@nordlicht.example>',
        inReplyTo: proposal.parsed.messageId,
      });
      const inbound = await t.request({
        method: 'POST',
        url: '/api/v1/inbound/email',
        headers: { 'content-type': 'message/rfc822' },
        body: reply.message as Buffer,
      });
      assert.equal(inbound.status, 202, JSON.stringify(inbound.body));
      assert.equal(await stageOf(deal.id), 'Negotiation');
      await t.advance('PT72H');
      assert.equal(await stageOf(deal.id), 'Negotiation');
      const runs = (await t.request({ method: 'GET', url: `/api/v1/runs?itemId=${deal.id}` })).body.data;
      const waited = runs.find((run: { actionType: string }) => run.actionType === 'move_to_stage');
      assert.equal(waited.status, 'cancelled');
      assert.equal(waited.reason, 'left stage');
    });

    test('without an answer, three days later the deal needs follow-up', async () => {
      const deal = await newDeal('Support plan B');
      assert.ok(mailFor('Support plan B'));
      assert.equal(await stageOf(deal.id), 'Proposal sent');
      await t.advance('PT72H');
      assert.equal(await stageOf(deal.id), 'Needs follow-up');
    });
  });
}
