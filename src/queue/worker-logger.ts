/** The part of a pino logger the queue uses; tests and embedders may pass anything shaped so. */
export interface WorkerLogger {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

const ignore = (): void => {};

export const silentLogger: WorkerLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
