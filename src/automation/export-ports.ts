import type { ExportRecord } from '../domain/document-export.ts';

/** Which records an export takes; dates are YYYY-MM-DD, both ends included, in UTC. */
export interface ExportQuery {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** A document kind, or `payment` for recorded payments; undefined: every document and payment. */
  readonly kind?: string | undefined;
  /** Only records in this currency; undefined: every currency. */
  readonly currency?: string | undefined;
}

/** Posted documents and recorded payments, read for accounting, oldest first. */
export interface DocumentExportPort {
  records(query: ExportQuery): Promise<ExportRecord[]>;
}
