import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPipeline } from '../support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

const FIELDS = [
  { name: 'name', label: 'Your name', kind: 'text', required: true, maps: 'contact.name' },
  { name: 'email', label: 'Email', kind: 'email', required: true, maps: 'contact.email' },
  { name: 'phone', label: 'Phone', kind: 'phone', maps: 'contact.phone' },
  { name: 'request', label: 'What do you need?', kind: 'text', maps: 'item.title' },
  { name: 'budget', label: 'Budget', kind: 'number', maps: 'item.fields.budget' },
  { name: 'size', label: 'Team size', kind: 'select', options: ['1-10', '11-50'] },
];

const tokenOf = (html: string): string => {
  const match = /name="_token" value="([^"]+)"/.exec(html);
  assert.ok(match?.[1], 'the page carries a token');
  return match[1];
};

for (const dialect of DIALECTS) {
  describe(`web forms (${dialect})`, () => {
    let t: TestApp;
    let pipelineId: string;
    let qualifiedId: string;
    before(async () => {
      t = await createTestApp(dialect);
      const pipeline = await createPipeline(t, ['New', 'Qualified']);
      pipelineId = pipeline.id;
      qualifiedId = pipeline.stageIds[1] as string;
      const trigger = await t.request({
        method: 'POST',
        url: '/api/v1/triggers',
        body: { name: 'Form filled', stageId: qualifiedId, eventType: 'form.submitted' },
      });
      assert.equal(trigger.status, 201, JSON.stringify(trigger.body));
    });
    after(() => t.close());

    async function createForm(extra: Record<string, unknown> = {}): Promise<string> {
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/forms',
        body: { pipelineId, name: 'Request a quote', title: 'Request a quote', fields: FIELDS, ...extra },
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body.id;
    }
    const page = (formId: string) => t.app.inject({ method: 'GET', url: `/f/${formId}` });
    const post = async (
      formId: string,
      fields: Record<string, string>,
      headers: Record<string, string> = {},
    ) => {
      const response = await t.app.inject({
        method: 'POST',
        url: `/f/${formId}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: new URLSearchParams(fields).toString(),
      });
      // As the server's runner would: the form.submitted event is processed after the answer.
      await t.automation.runner.drain();
      return response;
    };
    const contactsWith = async (email: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/contacts?email=${encodeURIComponent(email)}` })).body
        .data;

    test('the page is plain HTML without scripts, under a CSP that forbids them, with every value escaped', async () => {
      const formId = await createForm({ title: '<script>alert("x")</script> & "quotes"' });
      const response = await page(formId);
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^text\/html/);
      assert.match(String(response.headers['content-security-policy']), /default-src 'none'/);
      assert.doesNotMatch(String(response.headers['content-security-policy']), /script-src/);
      assert.doesNotMatch(response.body, /<script/i);
      assert.match(
        response.body,
        /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &quot;quotes&quot;/,
      );
      assert.match(
        response.body,
        new RegExp(`<form method="post" action="${formId}"`),
        'relative to /f/{id}',
      );
      assert.match(response.body, /<select id="f5" name="size">/);
    });

    test('a post creates the contact and the item, fires form.submitted, and a second post finds both', async () => {
      const formId = await createForm();
      const first = await post(formId, {
        _token: tokenOf((await page(formId)).body),
        name: 'Maria Ivanova',
        email: 'Maria@Romashka.example',
        phone: '+7 495 123-45-67',
        request: '120 office chairs',
        budget: '150000',
        size: '11-50',
      });
      assert.equal(first.statusCode, 200, first.body);
      assert.match(first.body, /Thank you/);
      const [contact, ...others] = await contactsWith('maria@romashka.example');
      assert.equal(others.length, 0);
      assert.equal(contact.name, 'Maria Ivanova');
      assert.deepEqual(contact.phones, ['+7 495 123-45-67']);
      const items = await t.request({ method: 'GET', url: `/api/v1/items?contactId=${contact.id}` });
      assert.equal(items.body.data.length, 1);
      const item = items.body.data[0];
      assert.equal(item.title, '120 office chairs');
      assert.equal(item.fields.budget, '150000');
      assert.equal(item.pipelineId, pipelineId);
      assert.equal(item.stageId, qualifiedId, 'the form.submitted trigger moved the new item');
      const journal = await t.request({ method: 'GET', url: `/api/v1/items/${item.id}/journal?limit=200` });
      assert.ok(
        journal.body.data.some(
          (entry: { kind: string }) => entry.kind === 'trigger_matched' || entry.kind === 'moved',
        ),
      );

      const again = await post(formId, {
        _token: tokenOf((await page(formId)).body),
        name: 'M. Ivanova',
        email: ' MARIA@romashka.example ',
      });
      assert.equal(again.statusCode, 200, again.body);
      const contacts = await contactsWith('maria@romashka.example');
      assert.equal(contacts.length, 1, 'matched by normalised email');
      assert.equal(contacts[0].name, 'Maria Ivanova', 'a form does not rename the contact');
      const after = await t.request({ method: 'GET', url: `/api/v1/items?contactId=${contact.id}` });
      assert.equal(after.body.data.length, 1, "the contact's open item is reused");
    });

    test('the same page posted twice is one submission', async () => {
      const formId = await createForm();
      const fields = {
        _token: tokenOf((await page(formId)).body),
        name: 'Twice',
        email: 'twice@example.com',
      };
      assert.equal((await post(formId, fields)).statusCode, 200);
      assert.equal((await post(formId, fields)).statusCode, 200);
      const [contact] = await contactsWith('twice@example.com');
      const events = await t.request({ method: 'GET', url: `/api/v1/items?contactId=${contact.id}` });
      assert.equal(events.body.data.length, 1);
    });

    test('a browser-like client over real HTTP reads the token from the page and posts the form', async () => {
      const formId = await createForm();
      const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const html = await (await fetch(`${address}/f/${formId}`)).text();
      const response = await fetch(`${address}/f/${formId}`, {
        method: 'POST',
        body: new URLSearchParams({
          _token: tokenOf(html),
          name: 'Fetch Person',
          email: 'fetch@example.com',
        }),
      });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await response.text(), /Thank you/);
      await t.automation.runner.drain();
      const [contact] = await contactsWith('fetch@example.com');
      const items = await t.request({ method: 'GET', url: `/api/v1/items?contactId=${contact.id}` });
      assert.equal(items.body.data[0].stageId, qualifiedId);
    });

    test('invalid values answer 400 with the errors beside the fields, the values kept, nothing written', async () => {
      const formId = await createForm();
      const response = await post(formId, {
        _token: tokenOf((await page(formId)).body),
        name: '<b>Oleg</b>',
        email: 'not-an-address',
        budget: 'a lot',
        size: 'huge',
      });
      assert.equal(response.statusCode, 400);
      assert.match(String(response.headers['content-type']), /^text\/html/);
      assert.match(response.body, /Please enter an email address\./);
      assert.match(response.body, /Please enter a number/);
      assert.match(response.body, /Please choose one of the options\./);
      assert.match(response.body, /value="&lt;b&gt;Oleg&lt;\/b&gt;"/);
      assert.match(response.body, /value="not-an-address"/);
      assert.ok(tokenOf(response.body), 'a fresh token to send the corrected form');
      assert.equal((await contactsWith('not-an-address')).length, 0);
      const items = await t.request({ method: 'GET', url: `/api/v1/items?pipelineId=${pipelineId}&q=Oleg` });
      assert.equal(items.body.data.length, 0);
    });

    test("a Russian form speaks Russian: the page's language, button, messages and thanks", async () => {
      const formId = await createForm({ language: 'ru' });
      const read = await t.request({ method: 'GET', url: `/api/v1/forms/${formId}` });
      assert.equal(read.body.language, 'ru');
      assert.match(read.body.successMessage, /^Спасибо!/);
      const shown = await page(formId);
      assert.match(shown.body, /<html lang="ru">/);
      assert.match(shown.body, /<button type="submit">Отправить<\/button>/);
      const refused = await post(formId, {
        _token: tokenOf(shown.body),
        email: 'not-an-address',
        size: 'huge',
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /Исправьте, пожалуйста, отмеченные поля\./);
      assert.match(refused.body, /Введите адрес электронной почты\./);
      assert.match(refused.body, /Выберите один из вариантов\./);
      assert.doesNotMatch(refused.body, /Please/);
      const sent = await post(formId, {
        _token: tokenOf(refused.body),
        name: 'Ольга',
        email: 'olga.form@example.com',
        budget: '1500',
        size: '1-10',
      });
      assert.equal(sent.statusCode, 200, sent.body);
      assert.match(sent.body, /<html lang="ru">/);
      assert.match(sent.body, /Спасибо!/);
      const expired = await post(formId, { _token: 'forged' });
      assert.equal(expired.statusCode, 403);
      assert.match(expired.body, /Страница устарела/);
      // Switching the language back changes the page, not the stored success message.
      const patched = await t.request({
        method: 'PATCH',
        url: `/api/v1/forms/${formId}`,
        body: { language: 'en' },
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      assert.match((await page(formId)).body, /<html lang="en">[\s\S]*>Send<\/button>/);
      const wrong = await t.request({
        method: 'PATCH',
        url: `/api/v1/forms/${formId}`,
        body: { language: 'de' },
      });
      assert.equal(wrong.status, 400);
      assert.match(JSON.stringify(wrong.body), /\/body\/language/);
    });

    test("an unknown form's page follows the visitor's Accept-Language", async () => {
      const russian = await t.app.inject({
        method: 'GET',
        url: '/f/no-such-form',
        headers: { 'accept-language': 'de-DE;q=0.9, ru-RU;q=0.8, en;q=0.5' },
      });
      assert.equal(russian.statusCode, 404);
      assert.match(russian.body, /<html lang="ru">[\s\S]*Форма не найдена/);
      const english = await t.app.inject({ method: 'GET', url: '/f/no-such-form' });
      assert.match(english.body, /<html lang="en">[\s\S]*Form not found/);
    });

    test('a post without a token, with a forged or expired one, or from another site is refused with 403', async () => {
      const formId = await createForm();
      const otherForm = await createForm();
      const person = { name: 'Eve', email: 'eve@example.com' };
      assert.equal((await post(formId, person)).statusCode, 403);
      const token = tokenOf((await page(formId)).body);
      const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
      assert.equal((await post(formId, { ...person, _token: forged })).statusCode, 403);
      const [nonce, , signature] = token.split('.');
      const later = `${nonce}.${Date.parse('2030-01-01')}.${signature}`;
      assert.equal((await post(formId, { ...person, _token: later })).statusCode, 403, 'the time is signed');
      const foreign = tokenOf((await page(otherForm)).body);
      assert.equal(
        (await post(formId, { ...person, _token: foreign })).statusCode,
        403,
        'tokens are per form',
      );
      const crossSite = await post(formId, { ...person, _token: token }, { origin: 'https://evil.example' });
      assert.equal(crossSite.statusCode, 403);
      await t.advance('PT13H');
      const expired = await post(formId, { ...person, _token: token });
      assert.equal(expired.statusCode, 403);
      assert.match(String(expired.headers['content-type']), /^text\/html/);
      assert.equal((await contactsWith('eve@example.com')).length, 0);
    });

    test('a flood from one address gets 429 with Retry-After, and the window passes', async () => {
      const formId = await createForm();
      for (let i = 0; i < 10; i += 1) assert.equal((await post(formId, { name: 'Bot' })).statusCode, 403);
      const refused = await post(formId, { name: 'Bot' });
      assert.equal(refused.statusCode, 429);
      assert.ok(Number(refused.headers['retry-after']) > 0);
      assert.match(refused.body, /Too many requests/);
      await t.advance('PT10M');
      assert.equal((await post(formId, { name: 'Bot' })).statusCode, 403);
    });

    test('a disabled or unknown form answers 404 on its page and its post', async () => {
      const formId = await createForm();
      const token = tokenOf((await page(formId)).body);
      const disabled = await t.request({
        method: 'PATCH',
        url: `/api/v1/forms/${formId}`,
        body: { enabled: false },
      });
      assert.equal(disabled.status, 200);
      assert.equal((await page(formId)).statusCode, 404);
      assert.equal(
        (await post(formId, { _token: token, name: 'Late', email: 'late@example.com' })).statusCode,
        404,
      );
      assert.equal((await page('no-such-form')).statusCode, 404);
      assert.equal((await contactsWith('late@example.com')).length, 0);
    });

    test('the admin API refuses an unknown pipeline, a foreign stage, duplicate names and unknown targets', async () => {
      const create = (body: Record<string, unknown>) =>
        t.request({
          method: 'POST',
          url: '/api/v1/forms',
          body: { pipelineId, name: 'F', title: 'F', fields: FIELDS, ...body },
        });
      const other = await createPipeline(t, ['Elsewhere']);
      const cases: [Record<string, unknown>, string][] = [
        [{ pipelineId: 'missing' }, '/body/pipelineId'],
        [{ stageId: other.stageIds[0] }, '/body/stageId'],
        [{ fields: [FIELDS[0], { ...FIELDS[1], name: 'name' }] }, '/body/fields/1/name'],
        [
          { fields: [{ name: 'x', label: 'X', kind: 'text', maps: 'contact.password' }] },
          '/body/fields/0/maps',
        ],
        [{ fields: [{ name: 'x', label: 'X', kind: 'text', maps: 'contact.email' }] }, '/body/fields/0/kind'],
        [{ fields: [{ name: 'x', label: 'X', kind: 'select' }] }, '/body/fields/0/options'],
      ];
      for (const [body, field] of cases) {
        const response = await create(body);
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.ok(
          response.body.errors.some((error: { field: string }) => error.field === field),
          `${field} in ${JSON.stringify(response.body)}`,
        );
      }
      const forms = await t.request({ method: 'GET', url: `/api/v1/forms?pipelineId=${other.id}` });
      assert.equal(forms.body.data.length, 0);
      const listed = await t.request({
        method: 'GET',
        url: `/api/v1/forms?pipelineId=${pipelineId}`,
        as: 'viewer',
      });
      assert.ok(listed.body.data.length > 0);
      assert.equal(new URL(listed.body.data[0].url).pathname, `/f/${listed.body.data[0].id}`);
    });
  });
}
