import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import i18next from 'i18next';
import { OPERATORS } from '../../src/domain/conditions/operators.ts';
import type { CatalogueOperator } from '../../web/src/pages/automation/automation-types.ts';
import { operatorHelp, operatorLabel } from '../../web/src/pages/automation/rule-form/operator-words.ts';
import { literalLabel, propertyLabel } from '../../web/src/pages/automation/rule-form/schema-labels.ts';
import { choiceHelp } from '../../web/src/pages/automation/rule-form/schema-nodes.ts';

/** The words of the rule form's choices: operators by short names, choices without JSON talk. */

const bundle = (language: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../web/src/i18n/${language}/ruleForm.json`, import.meta.url), 'utf8'));

async function translator(language: 'en' | 'ru') {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: language,
    resources: { [language]: { ruleForm: bundle(language) } },
    interpolation: { escapeValue: false },
  });
  return i18n.getFixedT(language, 'ruleForm');
}

const catalogued = (op: string): CatalogueOperator => {
  const spec = OPERATORS[op as keyof typeof OPERATORS];
  return { op, kinds: spec.kinds, value: spec.value, percent: spec.percent, description: spec.description };
};

test('an operator is offered by a short name in the user language, not by its long description', async () => {
  const [en, ru] = [await translator('en'), await translator('ru')];
  assert.equal(operatorLabel(catalogued('gte'), 'en', en), 'is at least');
  assert.equal(operatorLabel(catalogued('gte'), 'ru', ru), 'не меньше');
  assert.equal(operatorLabel(catalogued('ne'), 'en', en), 'is not');
  assert.equal(operatorLabel(catalogued('endsWith'), 'ru', ru), 'заканчивается на');
  assert.equal(operatorLabel(catalogued('matches'), 'ru', ru), 'соответствует шаблону');
});

test('every operator of the condition language has a short name of its own in both languages', async () => {
  for (const language of ['en', 'ru'] as const) {
    const t = await translator(language);
    const names = Object.keys(OPERATORS).map((op) => operatorLabel(catalogued(op), language, t));
    for (const [at, name] of names.entries()) {
      const operator = catalogued(Object.keys(OPERATORS)[at] as string);
      assert.notEqual(
        name,
        operatorHelp(operator, language),
        `${language}: ${operator.op} has no short name`,
      );
      assert.ok(name.length <= 24, `${language}: "${name}" is not short`);
    }
    assert.equal(new Set(names).size, names.length, `${language}: two operators share a name`);
  }
});

test('the long description of an operator is its help, and names an operator the UI does not know', async () => {
  const en = await translator('en');
  const unknown: CatalogueOperator = {
    op: 'near',
    kinds: ['number'],
    value: 'one',
    percent: false,
    description: { en: 'Within ten percent of', ru: 'В пределах десяти процентов от' },
  };
  assert.equal(operatorLabel(unknown, 'en', en), 'Within ten percent of');
  assert.equal(operatorHelp(catalogued('gte'), 'ru'), OPERATORS.gte.description.ru);
  assert.equal(operatorHelp(catalogued('gte'), 'en'), OPERATORS.gte.description.en);
});

test('a choice hides a description that spells out its JSON and keeps any other', () => {
  const person = {
    anyOf: [{ const: 'responsible' }, { const: 'supervisor' }, { type: 'object', required: ['userId'] }],
    description:
      'A person: "responsible" (the item\'s responsible user) or {"userId": "<id>"}; resolved when the run fires',
    'x-description-ru':
      'Человек: "responsible" или {"userId": "<id>"}; определяется, когда запуск срабатывает',
  };
  assert.equal(choiceHelp(person, 'en'), undefined);
  assert.equal(choiceHelp(person, 'ru'), undefined);
  const placeholder = { enum: ['a', 'b'], description: 'The "<name>" of the list' };
  assert.equal(choiceHelp(placeholder, 'en'), undefined);
  const plain = { enum: ['low', 'high'], description: 'How urgent the task is ("high" shows first)' };
  assert.equal(choiceHelp(plain, 'en'), 'How urgent the task is ("high" shows first)');
  assert.equal(choiceHelp({ enum: ['x'] }, 'en'), undefined);
});

test('the params of request_approval have labels of their own in both languages', async () => {
  const [en, ru] = [await translator('en'), await translator('ru')];
  assert.equal(propertyLabel('deadlineInWorkingTime', {}, en), 'Count the deadline in working time');
  assert.equal(propertyLabel('deadlineInWorkingTime', {}, ru), 'Считать срок в рабочем времени');
  assert.equal(propertyLabel('deadlineMinutes', {}, ru), 'Срок, минуты');
  assert.equal(propertyLabel('onDeadline', {}, ru), 'Когда срок истёк');
  assert.equal(literalLabel('escalate', ru), 'Передать дальше');
});
