import { EXPORT_SENDER } from '../../domain/bank/statement-format.ts';
import type { ExchangeEncoding } from '../../domain/bank/statement-writer.ts';
import { writeStatement } from '../../domain/bank/statement-writer.ts';
import { encodeWindows1251 } from '../../domain/bank/windows-1251.ts';
import {
  EXCHANGE_CURRENCY,
  type ExportFormat,
  exchangeDocumentOf,
  writeCsv,
} from '../../domain/document-export.ts';
import { invalid } from '../../domain/errors.ts';
import type { EngineContext } from '../engine-context.ts';

export interface DocumentExportRequest {
  readonly format: ExportFormat;
  /** YYYY-MM-DD, both included; absent: open on that side. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** A document kind or `payment`; absent: every posted document and recorded payment. */
  readonly kind?: string | undefined;
  /** Of a 1CClientBankExchange file. Default: windows-1251. */
  readonly encoding?: ExchangeEncoding | undefined;
  /** Of a CSV file: a UTF-8 byte order mark first, for Excel. Default: false. */
  readonly bom?: boolean | undefined;
}

export interface DocumentExportFile {
  readonly bytes: Uint8Array;
  /** The Content-Type, charset included. */
  readonly contentType: string;
  readonly fileName: string;
  readonly count: number;
}

/** Who a 1CClientBankExchange file says it is from (`Отправитель`). */

/**
 * Posted documents and recorded payments as a file for accounting: 1CClientBankExchange (roubles
 * only: the format has no currency) or CSV (every currency, each row saying its own). A period
 * that ends before it starts is refused and nothing is read.
 */
export async function exportDocuments(
  context: EngineContext,
  request: DocumentExportRequest,
): Promise<DocumentExportFile> {
  if (request.from !== undefined && request.to !== undefined && request.from > request.to) {
    throw invalid('/querystring/to', `must not be before from (${request.from})`);
  }
  const query = {
    from: request.from,
    to: request.to,
    kind: request.kind,
    currency: request.format === '1c' ? EXCHANGE_CURRENCY : undefined,
  };
  const records = await context.store.direct().documentExport.records(query);
  const period = `${request.from ?? 'start'}-${request.to ?? 'now'}`;
  if (request.format === 'csv') {
    const text = writeCsv(records, { bom: request.bom === true });
    return {
      bytes: new TextEncoder().encode(text),
      contentType: 'text/csv; charset=utf-8',
      fileName: `stageflow-documents-${period}.csv`,
      count: records.length,
    };
  }
  const encoding = request.encoding ?? 'windows-1251';
  const text = writeStatement({
    sender: EXPORT_SENDER,
    createdAt: context.clock.now(),
    from: request.from,
    to: request.to,
    encoding,
    documents: records.map((record) => exchangeDocumentOf(record, '')),
  });
  return {
    bytes: encoding === 'utf-8' ? new TextEncoder().encode(text) : encodeWindows1251(text),
    contentType: `text/plain; charset=${encoding}`,
    fileName: `stageflow-documents-${period}.txt`,
    count: records.length,
  };
}
