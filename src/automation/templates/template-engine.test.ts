import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../domain/errors.ts';
import { createTemplateEngine, MAX_TEMPLATE_LENGTH } from './template-engine.ts';

const engine = createTemplateEngine();

const facts = {
  item: {
    id: 'item-1',
    title: 'Boiler delivery',
    amount: 150000,
    currency: 'RUB',
    fields: { city: 'Kazan', tags: ['vip', 'b2b'] },
  },
  contact: {
    name: 'Anna <Smirnova>',
    email: 'anna@example.com',
    emails: ['anna@example.com', 'a@work.test'],
  },
  responsible: { name: 'Boris', email: 'boris@example.com' },
  supervisor: { name: 'Vera' },
  stage: { name: 'Negotiation' },
};

function assertTemplateFailed(error: unknown, message: RegExp): true {
  assert.ok(error instanceof AppError);
  assert.equal(error.code, 'template_failed');
  assert.equal(error.kind, 'invalid');
  assert.equal(error.retryable, false);
  assert.match(error.message, message);
  return true;
}

describe('render', () => {
  test('renders item, contact and responsible facts', async () => {
    const text = await engine.render(
      'Hello {{ contact.name }}, your deal "{{ item.title }}" for {{ item.amount | money: item.currency }} is with {{ responsible.name }}',
      facts,
    );
    assert.equal(text, 'Hello Anna <Smirnova>, your deal "Boiler delivery" for 150 000.00 RUB is with Boris');
  });

  test('writes plain text without HTML escaping', async () => {
    assert.equal(await engine.render('{{ contact.name }} & co', facts), 'Anna <Smirnova> & co');
  });

  test('runs conditions, loops and assignments over the facts', async () => {
    const text = await engine.render(
      '{% assign who = supervisor.name | default: "nobody" %}{% if item.amount > 100000 %}big{% else %}small{% endif %}:{% for e in contact.emails limit: 1 %}{{ e }}{% endfor %}:{{ who }}:{{ item.fields.tags | join: "," }}',
      facts,
    );
    assert.equal(text, 'big:anna@example.com:Vera:vip,b2b');
  });

  test('renders a missing fact as empty text', async () => {
    assert.equal(await engine.render('[{{ supervisor.email }}]', facts), '[]');
  });

  test('renderHtml escapes every output unless the template says raw', async () => {
    const html = await engine.renderHtml('<p>{{ contact.name }}</p>{{ "<br>" | raw }}', facts);
    assert.equal(html, '<p>Anna &lt;Smirnova&gt;</p><br>');
  });
});

describe('sandbox', () => {
  test('prototype properties of facts render empty', async () => {
    const text = await engine.render(
      '[{{ item.constructor }}][{{ item.__proto__ }}][{{ item.__proto__.toString }}][{{ item["constructor"] }}][{{ item.hasOwnProperty }}]',
      facts,
    );
    assert.equal(text, '[][][][][]');
  });

  test('a string literal cannot reach the Function constructor', async () => {
    assert.equal(await engine.render('[{{ "x".constructor.constructor }}]', facts), '[]');
    assert.equal(await engine.render('{{ "a" | prepend: item.constructor.name }}', facts), 'a');
  });

  test('a computed variable name reaches own properties only', async () => {
    const source = '{% assign k = "constructor" %}[{{ [k] }}][{{ ["__proto__"] }}][{{ item[k] }}]';
    assert.equal(await engine.render(source, facts), '[][][]');
  });

  test('filters that read properties by name cannot reach prototypes either', async () => {
    const text = await engine.render('[{{ contact.emails | map: "constructor" | join: "," }}]', facts);
    assert.equal(text, '[,]');
  });

  test('include and render fail at render time, reading no file', async () => {
    for (const source of [
      "{% include 'x' %}",
      "{% render 'x' %}",
      "{% layout 'x' %}",
      "{% liquid\ninclude 'x' %}",
    ]) {
      await assert.rejects(engine.render(source, facts), (error) =>
        assertTemplateFailed(error, /tag is not allowed: templates cannot read other templates or files/),
      );
    }
  });

  test('an unknown filter fails the render instead of being skipped', async () => {
    await assert.rejects(engine.render('{{ item.title | shout }}', facts), (error) =>
      assertTemplateFailed(error, /unknown filter "shout"/),
    );
  });

  test('a syntax error fails with its position', async () => {
    await assert.rejects(engine.render('{% if item.amount > 1 %}open', facts), (error) =>
      assertTemplateFailed(error, /not closed \(line 1, column 1\)/),
    );
  });

  test('an endless range loop stops at the memory limit', async () => {
    await assert.rejects(engine.render('{% for i in (1..100000000) %}x{% endfor %}', facts), (error) =>
      assertTemplateFailed(error, /more memory than a template may/),
    );
  });

  test('a source longer than the template limit is refused at render', async () => {
    await assert.rejects(engine.render('x'.repeat(MAX_TEMPLATE_LENGTH + 1), facts), (error) =>
      assertTemplateFailed(error, /at most 20000 characters/),
    );
  });
});

describe('compiled template cache', () => {
  test('the same source returns the same compiled template', () => {
    const cached = createTemplateEngine();
    const first = cached.compile('Hi {{ contact.name }}');
    assert.equal(cached.compile('Hi {{ contact.name }}'), first);
    assert.notEqual(cached.compile('Bye {{ contact.name }}'), first);
  });

  test('text and HTML compile separately, since escaping is decided at parse time', () => {
    const cached = createTemplateEngine();
    assert.notEqual(cached.compile('{{ item.title }}', 'html'), cached.compile('{{ item.title }}', 'text'));
  });

  test('drops the least recently used template past its size', () => {
    const cached = createTemplateEngine({ cacheSize: 2 });
    const a = cached.compile('a');
    const b = cached.compile('b');
    cached.compile('a');
    cached.compile('c');
    assert.equal(cached.compile('a'), a);
    assert.notEqual(cached.compile('b'), b);
  });
});
