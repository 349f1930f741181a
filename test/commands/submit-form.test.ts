import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type FormSubmission, submitForm } from '../../src/automation/commands/submit-form.ts';
import { type CommandBench, openCommandBench } from '../support/command-bench.ts';
import { DIALECTS } from '../support/harness.ts';

const maria: FormSubmission = {
  values: { name: 'Maria Ivanova', email: 'maria@romashka.example' },
  contact: { name: 'Maria Ivanova', email: 'maria@romashka.example' },
  item: { fields: {} },
};

for (const dialect of DIALECTS) {
  describe(`submit a web form (${dialect})`, () => {
    let b: CommandBench;
    before(async () => {
      b = await openCommandBench(dialect);
    });
    after(() => b.close());

    const formIn = async (stage: 0 | 1 = 1) => {
      const { pipelineId, stageIds } = await b.placeItem();
      return {
        id: `form-${b.context.ids()}`,
        name: 'Contact us',
        pipelineId,
        stageId: stageIds[stage] ?? null,
      };
    };
    const contactsOf = (email: string) => b.repos.contacts.findByEmail(email);

    test("creates the contact and an item in the form's stage with its form.submitted, then wakes the runners", async () => {
      const form = await formIn();
      b.wakes.length = 0;
      const outcome = await submitForm(b.context, form, maria, 'n1');
      assert.equal(outcome.status, 'accepted');
      assert.equal(outcome.eventId, `form:${form.id}:n1`);
      const [contact, ...others] = await contactsOf('maria@romashka.example');
      assert.equal(others.length, 0);
      assert.equal(contact?.id, outcome.contactId);
      const item = await b.repos.items.getOrThrow(outcome.itemId ?? '');
      assert.equal(item.title, 'Contact us: Maria Ivanova');
      assert.equal(item.stageId, form.stageId);
      assert.equal(item.contactId, contact?.id);
      const [event] = (await b.events('form.submitted')).filter((e) => e.id === outcome.eventId);
      assert.deepEqual(event?.subject, { itemId: item.id });
      assert.deepEqual(event?.data, { formId: form.id, formName: 'Contact us', fields: maria.values });
      assert.deepEqual(b.wakes, ['events', 'runs']);
    });

    test("a known sender's contact is completed, not renamed, and its open item is reused", async () => {
      const form = await formIn();
      const first = await submitForm(
        b.context,
        form,
        { ...maria, contact: { email: 'olga@example.com' } },
        'a',
      );
      const again = await submitForm(
        b.context,
        form,
        {
          values: {},
          contact: {
            name: 'Someone Else',
            email: ' OLGA@example.com',
            phone: '+7 495 123-45-67',
            company: 'Romashka',
          },
          item: { title: 'Second request', fields: {} },
        },
        'b',
      );
      assert.equal(again.contactId, first.contactId);
      assert.equal(again.itemId, first.itemId);
      const contact = await b.repos.contacts.getOrThrow(first.contactId ?? '');
      assert.equal(contact.name, 'olga@example.com');
      assert.equal(contact.company, 'Romashka');
      assert.deepEqual(contact.phones, ['+7 495 123-45-67']);
      assert.deepEqual(contact.emails, ['olga@example.com']);
      const byPhone = await submitForm(
        b.context,
        form,
        { ...maria, contact: { phone: '+74951234567' } },
        'c',
      );
      assert.equal(byPhone.contactId, first.contactId);
    });

    test('the same page posted twice is one submission: the second writes nothing', async () => {
      const form = await formIn();
      const email = 'twice@example.com';
      const submission = { ...maria, contact: { email } };
      const first = await submitForm(b.context, form, submission, 'same');
      const second = await submitForm(
        b.context,
        form,
        { ...submission, contact: { email, company: 'New Co' } },
        'same',
      );
      assert.equal(first.status, 'accepted');
      assert.equal(second.status, 'duplicate');
      assert.equal(second.eventId, first.eventId);
      const [contact] = await contactsOf(email);
      assert.equal(contact?.company, null);
      assert.equal((await b.events('form.submitted')).filter((e) => e.id === first.eventId).length, 1);
    });

    test('a new item its stage refuses leaves nothing behind: no contact, no event', async () => {
      const form = await formIn();
      await b.repos.rules.createGuard(
        {
          name: 'Paid first',
          pipelineId: form.pipelineId,
          stageId: form.stageId ?? '',
          condition: { field: 'item.paidAmount', op: 'gte', valueField: 'item.amount' },
          message: 'Not paid',
        },
        b.clock.now(),
      );
      const submission = {
        ...maria,
        contact: { email: 'refused@example.com' },
        item: { amount: '10.00', fields: {} },
      };
      await assert.rejects(submitForm(b.context, form, submission, 'r'), { kind: 'guard_refused' });
      assert.deepEqual(await contactsOf('refused@example.com'), []);
      assert.equal((await b.events('form.submitted')).filter((e) => e.id === `form:${form.id}:r`).length, 0);
    });

    test('without contact fields there is no contact, and the item is titled from the form', async () => {
      const form = await formIn(0);
      const outcome = await submitForm(
        b.context,
        form,
        {
          values: { note: 'hi' },
          contact: {},
          item: { title: 'Question', amount: '12.50', fields: { note: 'hi' } },
        },
        'anon',
      );
      assert.equal(outcome.contactId, null);
      const item = await b.repos.items.getOrThrow(outcome.itemId ?? '');
      assert.equal(item.title, 'Question');
      assert.equal(item.amount, '12.50');
      assert.deepEqual(item.fields, { note: 'hi' });
      assert.equal(item.contactId, null);
    });
  });
}
