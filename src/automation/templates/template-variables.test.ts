import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTemplateEngine, MAX_TEMPLATE_LENGTH } from './template-engine.ts';

const engine = createTemplateEngine();
const POINTER = '/actions/0/params/body';

function messages(source: string, scope = {}): string[] {
  const problems = engine.validate(source, scope, POINTER);
  for (const problem of problems) assert.equal(problem.field, POINTER);
  return problems.map((problem) => problem.message);
}

describe('validate', () => {
  test('accepts a template over known facts with allowed tags and filters', () => {
    const source = [
      'Hello {{ contact.name }}, "{{ item.title }}" for {{ item.amount | money: item.currency }}.',
      '{% if item.amount > 100 %}big{% elsif item.amount > 10 %}mid{% else %}small{% endif %}',
      '{% unless supervisor.email %}-{% endunless %}{% case stage.semantics %}{% when "won" %}won{% endcase %}',
      '{% for e in contact.emails limit: 3 %}{{ e }}{{ forloop.index }}{% endfor %}',
      '{% comment %}note{% endcomment %}{% raw %}{{ not.parsed }}{% endraw %}',
      '{{ item.createdAt | date: "%d.%m.%Y", responsible.timeZone }} {{ item.fields.city | upcase }}',
    ].join('\n');
    assert.deepEqual(messages(source), []);
  });

  test('refuses an unknown variable, naming it and its position', () => {
    assert.deepEqual(messages('Deal {{ item.titel }}'), [
      '"item.titel" is not a known field (line 1, column 9)',
    ]);
  });

  test('refuses an unknown root variable', () => {
    assert.deepEqual(messages('{{ process.env }}'), [
      '"process.env" is not a known field (line 1, column 4)',
    ]);
  });

  test('finds unknown variables inside tags and filter arguments', () => {
    assert.deepEqual(messages('{% if item.amout > 1 %}{{ item.amount | money: item.curency }}{% endif %}'), [
      '"item.amout" is not a known field (line 1, column 7)',
      '"item.curency" is not a known field (line 1, column 48)',
    ]);
  });

  test('accepts variables made by assign, capture and for', () => {
    const source =
      '{% assign total = item.amount | times: 2 %}{% capture greeting %}Hi {{ contact.name }}{% endcapture %}{% for e in contact.emails %}{{ e }}{% endfor %}{{ total }}{{ greeting }}';
    assert.deepEqual(messages(source), []);
  });

  test('refuses a variable read before it is assigned', () => {
    assert.deepEqual(messages('{{ total }}{% assign total = 1 %}'), [
      '"total" is not a known field (line 1, column 4)',
    ]);
  });

  test('accepts whole groups, indexes and size/first/last of lists and strings', () => {
    assert.deepEqual(
      messages(
        '{{ item | json }}{{ event.data | json }}{{ contact.emails[0] }}{{ contact.emails.size }}{{ item.title.size }}',
      ),
      [],
    );
  });

  test('refuses Liquid properties on facts that have none', () => {
    assert.deepEqual(messages('{{ item.amount.size }}'), [
      '"item.amount.size" is not a known field (line 1, column 4)',
    ]);
  });

  test('checks custom field names and event data against the scope', () => {
    assert.deepEqual(
      messages('{{ item.fields.city }}{{ event.data.from }}', { eventDataFields: ['from'] }),
      [],
    );
    assert.deepEqual(messages('{{ event.data.subject }}', { eventDataFields: ['from'] }), [
      '"event.data.subject": the event has no field "subject" (it has: from) (line 1, column 4)',
    ]);
  });

  test('refuses event facts in a rule that runs without an event', () => {
    assert.deepEqual(messages('{{ event.type }}{{ event | json }}', { hasEvent: false }), [
      '"event.type": this rule runs without an event (line 1, column 4)',
      '"event": this rule runs without an event (line 1, column 20)',
    ]);
  });

  test('refuses include and render, naming the tag', () => {
    assert.deepEqual(messages("{% include 'secrets' %}"), [
      'the "include" tag is not allowed: templates cannot read other templates or files (line 1, column 1)',
    ]);
    assert.deepEqual(messages("{% render 'x' %}"), [
      'the "render" tag is not allowed: templates cannot read other templates or files (line 1, column 1)',
    ]);
  });

  test('refuses tags outside the allowed list', () => {
    assert.deepEqual(messages('{% tablerow e in contact.emails %}{{ e }}{% endtablerow %}'), [
      'the "tablerow" tag is not allowed (line 1, column 1)',
    ]);
  });

  test('refuses an unknown filter', () => {
    assert.deepEqual(messages('{{ item.title | shout }}'), ['unknown filter "shout" (line 1, column 1)']);
  });

  test('names a syntax error', () => {
    assert.deepEqual(messages('{{ item.title'), ['output "{{ item.title" not closed (line 1, column 1)']);
  });

  test('refuses a template longer than the limit', () => {
    const [message] = messages('x'.repeat(MAX_TEMPLATE_LENGTH + 1));
    assert.match(message ?? '', /at most 20000 characters long \(this one has 20001\)/);
  });
});
