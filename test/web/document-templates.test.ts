import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../web/src/api/client.ts';
import {
  type DocumentTemplate,
  defaultPrefix,
  numberingRows,
  robotsInTheWay,
  sortTemplates,
} from '../../web/src/pages/documents/document-template-types.ts';

const template = (
  id: string,
  kind: string,
  language: string,
  name: string,
  isDefault = false,
): DocumentTemplate => ({
  id,
  kind,
  language,
  name,
  isDefault,
  body: '<p>{{ number }}</p>',
  version: 1,
});

test('templates are listed by kind (shipped kinds first), then language, the default first', () => {
  const sorted = sortTemplates([
    template('1', 'warranty', 'en', 'Warranty'),
    template('2', 'invoice', 'ru', 'Счёт'),
    template('3', 'quote', 'en', 'Quote'),
    template('4', 'invoice', 'en', 'Plain'),
    template('5', 'invoice', 'en', 'Acme', true),
  ]);
  assert.deepEqual(
    sorted.map((each) => each.id),
    ['3', '5', '4', '2', '1'],
  );
});

test('numbering shows the shipped kinds and every kind with a template or a prefix, with its default', () => {
  const rows = numberingRows(
    [
      { kind: 'invoice', prefix: 'СЧ' },
      { kind: 'warranty', prefix: 'WR' },
    ],
    [template('1', 'delivery_note', 'en', 'Delivery')],
  );
  assert.deepEqual(rows, [
    { kind: 'quote', prefix: undefined, defaultPrefix: 'QUO' },
    { kind: 'invoice', prefix: 'СЧ', defaultPrefix: 'INV' },
    { kind: 'contract', prefix: undefined, defaultPrefix: 'CON' },
    { kind: 'act', prefix: undefined, defaultPrefix: 'ACT' },
    { kind: 'delivery_note', prefix: undefined, defaultPrefix: 'DEL' },
    { kind: 'warranty', prefix: 'WR', defaultPrefix: 'WAR' },
  ]);
  assert.equal(defaultPrefix('_'), 'DOC');
});

test('a refused deletion answers the robots in the way; any other error answers none', () => {
  const inUse = new ApiError({
    status: 409,
    code: 'document_template_in_use',
    detail: 'Document template t1 is used by the robot(s) "Contract"',
    robots: [
      { id: 'r1', name: 'Contract' },
      { id: 'r2', name: 'Договор' },
    ],
  });
  assert.deepEqual(robotsInTheWay(inUse), ['Contract', 'Договор']);
  assert.equal(robotsInTheWay(new ApiError({ status: 404, code: 'not_found' })), undefined);
  assert.equal(robotsInTheWay(new Error('offline')), undefined);
});
