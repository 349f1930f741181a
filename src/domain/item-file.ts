/** A file uploaded to an item (a price list, a signed scan), to be sent with its emails. */
export interface ItemFile {
  readonly id: string;
  readonly itemId: string;
  readonly name: string;
  readonly contentType: string;
  /** Unit: bytes. */
  readonly size: number;
  readonly createdAt: string;
}

/** Largest uploaded file unless STAGEFLOW_MAX_FILE_BYTES says otherwise: 5 MiB. */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
