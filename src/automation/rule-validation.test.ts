import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError, type FieldProblem } from '../domain/errors.ts';
import type { Pipeline, Stage } from '../domain/pipeline.ts';
import { DEFAULT_RETRY } from '../domain/rules.ts';
import { ACTION_TYPES, findAction } from './actions/registry.ts';
import {
  FILTER_READS_EVENT,
  fieldRefs,
  type RobotDraft,
  type RuleValidationDeps,
  retryProblems,
  type TriggerDraft,
  validateGuard,
  validateRobot,
  validateTrigger,
} from './rule-validation.ts';
import { createTemplateEngine } from './templates/template-engine.ts';

const stage = (id: string, pipelineId: string, sort: number): Stage => ({
  id,
  pipelineId,
  name: id,
  sort,
  semantics: 'open',
  color: null,
});
const pipeline = (id: string, stages: Stage[]): Pipeline => ({
  id,
  name: id,
  entityType: 'deal',
  settings: {},
  stages,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
});

const PIPELINES = [
  pipeline('sales', [stage('new', 'sales', 100), stage('proposal', 'sales', 200)]),
  pipeline('leads', [stage('lead-new', 'leads', 100)]),
];
const USERS = new Set(['anna']);

const deps: RuleValidationDeps = {
  lookup: {
    findStage: async (id) => PIPELINES.flatMap((p) => p.stages).find((s) => s.id === id),
    findPipeline: async (id) => PIPELINES.find((p) => p.id === id),
    userExists: async (id) => USERS.has(id),
    documentTemplateExists: async (id) => id === 'tpl-invoice',
  },
  actions: { find: findAction, types: ACTION_TYPES },
  templates: createTemplateEngine(),
};

/** The problems a rejected validation reports. */
async function problemsOf(validation: Promise<unknown>): Promise<FieldProblem[]> {
  try {
    await validation;
  } catch (error) {
    assert.ok(error instanceof AppError);
    assert.equal(error.kind, 'invalid');
    assert.equal(error.code, 'validation_failed');
    return [...error.fields];
  }
  assert.fail('expected the rule to be refused');
}

const fields = (problems: readonly FieldProblem[]) => problems.map((p) => p.field);

const trigger = (changes: Partial<TriggerDraft> = {}): TriggerDraft => ({
  stageId: 'proposal',
  eventType: 'email.sent',
  filter: null,
  condition: null,
  ...changes,
});

const robot = (changes: Partial<RobotDraft> = {}): RobotDraft => ({
  stageId: 'new',
  action: { type: 'add_timeline_entry', params: { text: 'Deal {{ item.title }}' } },
  timing: { kind: 'immediately' },
  condition: null,
  retry: DEFAULT_RETRY,
  ...changes,
});

describe('trigger validation', () => {
  test('a valid trigger gets the pipeline of its stage', async () => {
    const valid = await validateTrigger(
      trigger({ filter: { field: 'event.data.subject', op: 'contains', value: 'Proposal' } }),
      deps,
    );
    assert.deepEqual(valid, { pipelineId: 'sales' });
    assert.deepEqual(await validateTrigger(trigger({ pipelineId: 'sales' }), deps), { pipelineId: 'sales' });
  });

  test('an unknown stage is refused at /body/stageId', async () => {
    const problems = await problemsOf(validateTrigger(trigger({ stageId: 'nowhere' }), deps));
    assert.deepEqual(fields(problems), ['/body/stageId']);
    assert.match(problems[0]?.message ?? '', /does not exist/);
  });

  test('a target stage of another pipeline is refused at /body/stageId', async () => {
    const problems = await problemsOf(validateTrigger(trigger({ pipelineId: 'leads' }), deps));
    assert.deepEqual(fields(problems), ['/body/stageId']);
    assert.match(problems[0]?.message ?? '', /belongs to pipeline sales, not to pipeline leads/);
  });

  test('an unknown event type is refused naming the known types', async () => {
    const problems = await problemsOf(validateTrigger(trigger({ eventType: 'email.recieved' }), deps));
    assert.deepEqual(fields(problems), ['/body/eventType']);
    assert.match(problems[0]?.message ?? '', /unknown event type "email.recieved".*email\.received/);
  });

  test('a filter that reads the item is refused: filters read the event', async () => {
    const problems = await problemsOf(
      validateTrigger(
        trigger({
          filter: {
            all: [
              { field: 'event.data.subject', op: 'notEmpty' },
              { field: 'item.amount', op: 'gt', value: 5 },
            ],
          },
        }),
        deps,
      ),
    );
    assert.deepEqual(fields(problems), ['/body/filter/all/1/field']);
    assert.match(problems[0]?.message ?? '', new RegExp(FILTER_READS_EVENT));
  });

  test('a filter naming a data field the event type does not have is refused', async () => {
    const problems = await problemsOf(
      validateTrigger(trigger({ filter: { field: 'event.data.subjekt', op: 'eq', value: 'x' } }), deps),
    );
    assert.deepEqual(fields(problems), ['/body/filter/field']);
  });

  test('an unknown field in the condition is refused with its pointer', async () => {
    const problems = await problemsOf(
      validateTrigger(trigger({ condition: { field: 'item.amout', op: 'gt', value: 100 } }), deps),
    );
    assert.deepEqual(fields(problems), ['/body/condition/field']);
    assert.match(problems[0]?.message ?? '', /item\.amout/);
  });

  test('a regex with a repetition inside an optional group is accepted', async () => {
    const condition = { field: 'item.title', op: 'matches', value: '^\\d+(\\.\\d+)?$' } as const;
    await validateTrigger(trigger({ condition }), deps);
  });

  test('a regex with a backreference, which RE2 cannot run, is refused', async () => {
    const problems = await problemsOf(
      validateTrigger(trigger({ condition: { field: 'item.title', op: 'matches', value: '(a)\\1' } }), deps),
    );
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.field, '/body/condition/value');
    assert.match(problems[0]?.message ?? '', /^backreferences/);
  });

  test('every problem is reported at once', async () => {
    const problems = await problemsOf(
      validateTrigger(
        trigger({
          stageId: 'nowhere',
          eventType: 'nope',
          condition: { field: 'item.amout', op: 'gt', value: 1 },
        }),
        deps,
      ),
    );
    assert.deepEqual(fields(problems).sort(), ['/body/condition/field', '/body/eventType', '/body/stageId']);
  });
});

describe('guard validation', () => {
  test('a guard condition over payments is accepted', async () => {
    const valid = await validateGuard(
      { stageId: 'proposal', condition: { field: 'item.paidAmount', op: 'gte', valueField: 'item.amount' } },
      deps,
    );
    assert.deepEqual(valid, { pipelineId: 'sales' });
  });

  test('a guard condition cannot read the event: guards run without one', async () => {
    const problems = await problemsOf(
      validateGuard(
        { stageId: 'proposal', condition: { field: 'event.data.subject', op: 'notEmpty' } },
        deps,
      ),
    );
    assert.deepEqual(fields(problems), ['/body/condition/field']);
  });
});

describe('robot validation', () => {
  test('a valid robot gets the pipeline of its stage', async () => {
    const valid = await validateRobot(
      robot({
        action: {
          type: 'notify',
          params: { to: ['responsible', { userId: 'anna' }], title: 'Deal {{ item.title }}', body: '' },
        },
        timing: { kind: 'after', duration: 'P3D', workingTime: true },
        condition: { field: 'item.amount', op: 'gt', value: 100000 },
      }),
      deps,
    );
    assert.deepEqual(valid, { pipelineId: 'sales' });
  });

  test('an invalid duration in the timing is refused at /body/timing/duration', async () => {
    const problems = await problemsOf(
      validateRobot(robot({ timing: { kind: 'after', duration: 'P3X' } }), deps),
    );
    assert.deepEqual(fields(problems), ['/body/timing/duration']);
  });

  test('an unknown action type is refused naming the known types', async () => {
    const problems = await problemsOf(
      validateRobot(robot({ action: { type: 'send_fax', params: {} } }), deps),
    );
    assert.deepEqual(fields(problems), ['/body/action/type']);
    assert.match(problems[0]?.message ?? '', /unknown action type "send_fax".*notify/);
  });

  test('params that do not match the action schema are refused with pointers under /body/action/params', async () => {
    const problems = await problemsOf(
      validateRobot(robot({ action: { type: 'add_timeline_entry', params: { txt: 'x' } } }), deps),
    );
    assert.deepEqual(fields(problems).sort(), ['/body/action/params/text', '/body/action/params/txt']);
    const wrongType = await problemsOf(
      validateRobot(robot({ action: { type: 'add_timeline_entry', params: { text: 42 } } }), deps),
    );
    assert.deepEqual(fields(wrongType), ['/body/action/params/text']);
  });

  test('a template naming an unknown field is refused at its param', async () => {
    const problems = await problemsOf(
      validateRobot(
        robot({ action: { type: 'add_timeline_entry', params: { text: 'Deal {{ item.titel }}' } } }),
        deps,
      ),
    );
    assert.deepEqual(fields(problems), ['/body/action/params/text']);
    assert.match(problems[0]?.message ?? '', /item\.titel/);
  });

  test("the action's own checks run: a user that does not exist is refused", async () => {
    const problems = await problemsOf(
      validateRobot(
        robot({ action: { type: 'notify', params: { to: [{ userId: 'ghost' }], title: 'Hi', body: '' } } }),
        deps,
      ),
    );
    assert.deepEqual(fields(problems), ['/body/action/params/to/0/userId']);
  });

  test('create_document naming a document template that does not exist is refused at its param', async () => {
    const document = (template: string) =>
      robot({ action: { type: 'create_document', params: { kind: 'invoice', template } } });
    const problems = await problemsOf(validateRobot(document('tpl-missing'), deps));
    assert.deepEqual(fields(problems), ['/body/action/params/template']);
    assert.match(problems[0]?.message ?? '', /tpl-missing does not exist/);
    assert.deepEqual(await validateRobot(document('tpl-invoice'), deps), { pipelineId: 'sales' });
  });

  test('a robot condition cannot read the event', async () => {
    const problems = await problemsOf(
      validateRobot(robot({ condition: { field: 'event.type', op: 'eq', value: 'email.sent' } }), deps),
    );
    assert.deepEqual(fields(problems), ['/body/condition/field']);
  });

  test('retry delays must be durations, not negative, and the first no longer than the cap', () => {
    assert.deepEqual(retryProblems(DEFAULT_RETRY, '/body/retry'), []);
    assert.deepEqual(
      fields(retryProblems({ maxAttempts: 3, initialDelay: 'P3X', maxDelay: '-PT1H' }, '/body/retry')),
      ['/body/retry/initialDelay', '/body/retry/maxDelay'],
    );
    const tooLong = retryProblems({ maxAttempts: 3, initialDelay: 'P2D', maxDelay: 'PT1H' }, '/body/retry');
    assert.deepEqual(fields(tooLong), ['/body/retry/initialDelay']);
    assert.match(tooLong[0]?.message ?? '', /maxDelay/);
  });
});

test('fieldRefs lists every field a condition names with its pointer', () => {
  const refs = fieldRefs(
    {
      any: [
        { not: { field: 'item.title', op: 'empty' } },
        { all: [{ field: 'item.paidAmount', op: 'gte', valueField: 'item.amount' }] },
      ],
    },
    '/c',
  );
  assert.deepEqual(refs, [
    { path: 'item.title', pointer: '/c/any/0/not/field' },
    { path: 'item.paidAmount', pointer: '/c/any/1/all/0/field' },
    { path: 'item.amount', pointer: '/c/any/1/all/0/valueField' },
  ]);
});
