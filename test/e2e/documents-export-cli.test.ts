import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { withApi } from '../../src/cli/automation-files.ts';
import { parseStatement } from '../../src/domain/bank/statement-format.ts';
import { decodeStatement } from '../../src/domain/bank/statement-text.ts';
import { cli, createWorkspace, LONG, type Workspace } from '../support/e2e.ts';

/** `stageflow documents export` as an accountant runs it: the real CLI, a file for 1C. */
describe('stageflow documents export', { timeout: 10 * LONG }, () => {
  let workspace: Workspace;
  before(async () => {
    workspace = await createWorkspace();
    const migrated = cli(['migrate'], workspace.env);
    assert.equal(migrated.code, 0, migrated.stderr);
    // An invoice and a payment for it, written through the API in-process.
    const io = {
      stdout: () => {},
      stderr: (text: string) => assert.fail(text),
      env: { ...process.env, ...workspace.env, LOG_LEVEL: 'silent' },
      cwd: process.cwd(),
    };
    await withApi(io, 'test seed', async (api) => {
      const send = async (url: string, body: unknown) => {
        const answer = await api.send('POST', url, body);
        assert.ok(answer.status < 300, `${url}: ${JSON.stringify(answer.body)}`);
        return answer.body;
      };
      const pipeline = await send('/api/v1/pipelines', {
        name: 'Deals',
        entityType: 'deal',
        stages: [{ name: 'New' }],
      });
      const contact = await send('/api/v1/contacts', { name: 'Ivan', company: 'ООО Ромашка' });
      const item = await send('/api/v1/items', {
        pipelineId: pipeline.id,
        title: 'Поставка',
        amount: '1500.75',
        currency: 'RUB',
        contactId: contact.id,
      });
      const invoice = await send('/api/v1/documents', {
        itemId: item.id,
        kind: 'invoice',
        number: 'СЧ-7',
        status: 'posted',
      });
      await send('/api/v1/payments', {
        itemId: item.id,
        amount: '1500.75',
        documentId: invoice.id,
        reference: '12',
        paidAt: '2026-03-03T10:00:00Z',
      });
      return 0;
    });
  });
  after(() => workspace.cleanup());

  test('--format csv writes to standard output', () => {
    const exported = cli(['documents', 'export', '--format', 'csv', '--kind', 'payment'], workspace.env);
    assert.equal(exported.code, 0, exported.stderr);
    const lines = exported.stdout.split('\r\n');
    assert.match(lines[0] ?? '', /^type,kind,number,date,amount,currency/);
    assert.match(lines[1] ?? '', /^payment,payment,12,2026-03-03,1500\.75,RUB,recorded,/);
    assert.equal(lines.length, 3);
  });

  test('--format 1c --out writes a Windows-1251 file that 1C reads, and the statement import refuses', () => {
    const file = join(workspace.env['STAGEFLOW_DATA_DIR'] ?? '', 'export.txt');
    const exported = cli(['documents', 'export', '--format', '1c', '--out', file], workspace.env);
    assert.equal(exported.code, 0, exported.stderr);
    const bytes = readFileSync(file);
    assert.match(new TextDecoder('windows-1251').decode(bytes), /^1CClientBankExchange\r\n/);
    const documents = parseStatement(decodeStatement(bytes)).documents;
    assert.deepEqual(
      documents.map((d) => [d.kind, d.number, d.amountMinor, d.payerName]),
      // Oldest first: the payment is dated March 3; the invoice today.
      [
        ['Платежное поручение', '12', 150_075, 'ООО Ромашка'],
        ['Счет на оплату', 'СЧ-7', 150_075, 'ООО Ромашка'],
      ],
    );
    // Its payments are recorded here already: read back as a bank statement they would count twice.
    const imported = cli(['bank-statements', 'import', file], workspace.env);
    assert.equal(imported.code, 1, imported.stdout);
    assert.match(imported.stderr, /Отправитель=Stageflow: this file is an export of Stageflow's own/);
  });

  test('a bad option fails naming it and writes nothing; --format is required', () => {
    const bad = cli(['documents', 'export', '--format', 'csv', '--from', '2026-13-01'], workspace.env);
    assert.equal(bad.code, 1);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /nothing was exported \(400\): .*from/);
    const missing = cli(['documents', 'export'], workspace.env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--format/);
    assert.match(
      cli(['documents', 'export', '--help'], workspace.env).stdout,
      /Usage: stageflow documents export/,
    );
  });
});
