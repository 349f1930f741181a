import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Document, Item } from '../../domain/item.ts';
import type { Task } from '../../domain/work.ts';
import { documentEvents, itemFieldEvents, taskStatusEvents } from './internal-events.ts';

const at = '2026-03-02T09:00:00.000Z';
const item: Item = {
  id: 'i1',
  pipelineId: 'p1',
  stageId: 's1',
  title: 'Deal',
  amount: '10.00',
  currency: 'USD',
  paidAmount: '0.00',
  contactId: null,
  responsibleId: null,
  fields: { city: 'Kazan', tags: ['a'] },
  stageEnteredAt: at,
  stageEntryId: 'e1',
  createdAt: at,
  updatedAt: at,
  version: 1,
};
const document: Document = {
  id: 'd1',
  itemId: 'i1',
  kind: 'invoice',
  number: 'INV-1',
  amount: '10.00',
  currency: 'USD',
  status: 'draft',
  templateId: null,
  language: null,
  sourceDocumentId: null,
  createdAt: at,
  updatedAt: at,
  version: 1,
};
const task: Task = {
  id: 't1',
  itemId: 'i1',
  title: 'Call',
  description: null,
  responsibleId: null,
  observerIds: [],
  deadline: null,
  status: 'new',
  stageId: null,
  createdByRobotId: null,
  createdByUserId: null,
  completedAt: null,
  createdAt: at,
  updatedAt: at,
  version: 1,
};

test('item.field_changed names the changed own values and fields, compared by value', () => {
  const after = { ...item, amount: '12.00', fields: { tags: ['a'], zip: '420000' } };
  assert.deepEqual(itemFieldEvents(item, after), [
    {
      type: 'item.field_changed',
      subject: { itemId: 'i1' },
      data: { fields: ['item.amount', 'item.fields.city', 'item.fields.zip'] },
    },
  ]);
  assert.deepEqual(itemFieldEvents(item, { ...item, fields: { tags: ['a'], city: 'Kazan' } }), []);
});

test('a document is created once and posted once; a document of no item is no news', () => {
  const data = { documentId: 'd1', kind: 'invoice', number: 'INV-1', amount: '10.00', status: 'posted' };
  const posted = { ...document, status: 'posted' as const };
  assert.deepEqual(
    documentEvents(undefined, posted).map((e) => e.type),
    ['document.created', 'document.posted'],
  );
  assert.deepEqual(documentEvents(document, posted), [
    { type: 'document.posted', subject: { itemId: 'i1' }, data },
  ]);
  assert.deepEqual(documentEvents(posted, { ...posted, number: 'INV-2' }), []);
  assert.deepEqual(documentEvents(undefined, { ...posted, itemId: null }), []);
});

test('task.status_changed only for a changed status of a task of an item', () => {
  const done = { ...task, status: 'completed' as const };
  assert.deepEqual(taskStatusEvents(task, done), [
    {
      type: 'task.status_changed',
      subject: { taskId: 't1' },
      data: { taskId: 't1', status: 'completed', previousStatus: 'new', title: 'Call' },
    },
  ]);
  assert.deepEqual(taskStatusEvents(task, { ...task, title: 'Other' }), []);
  assert.deepEqual(taskStatusEvents({ ...task, itemId: null }, { ...done, itemId: null }), []);
});
