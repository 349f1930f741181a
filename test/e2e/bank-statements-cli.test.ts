import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { statementText, windows1251 } from '../support/bank-statements.ts';
import { cli, createWorkspace, LONG, type Workspace } from '../support/e2e.ts';

/** `stageflow bank-statements import` as an accountant runs it: the real CLI on a Windows-1251 file. */
describe('stageflow bank-statements import', { timeout: 10 * LONG }, () => {
  let workspace: Workspace;
  before(async () => {
    workspace = await createWorkspace();
    const migrated = cli(['migrate'], workspace.env);
    assert.equal(migrated.code, 0, migrated.stderr);
  });
  after(() => workspace.cleanup());

  const write = (name: string, bytes: Uint8Array) => {
    const file = join(workspace.env['STAGEFLOW_DATA_DIR'] ?? '', name);
    writeFileSync(file, bytes);
    return file;
  };

  test('a statement is read and summarised; the same file again records nothing new', () => {
    const file = write(
      'statement.txt',
      windows1251(statementText([{ number: '12', amount: '1500.75', purpose: 'Оплата по счету № 77' }])),
    );
    const first = cli(['bank-statements', 'import', file], workspace.env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(
      first.stdout,
      /Read 1 documents, 1 incoming: 0 recorded now, 0 recorded before, 1 to assign/,
    );
    const again = cli(['bank-statements', 'import', file], workspace.env);
    assert.match(again.stdout, /1 to assign/);
  });

  test('a bad file fails naming the line; usage and help', () => {
    const file = write(
      'broken.txt',
      windows1251('1CClientBankExchange\r\nСекцияДокумент=Платежное поручение\r\n'),
    );
    const broken = cli(['bank-statements', 'import', file], workspace.env);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /nothing was imported \(400\): Line 2: the document has no КонецДокумента/);
    assert.equal(cli(['bank-statements', 'import'], workspace.env).code, 2);
    assert.match(
      cli(['bank-statements', 'import', '--help'], workspace.env).stdout,
      /Usage: stageflow bank-statements import/,
    );
  });
});
