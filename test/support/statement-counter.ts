import type { KyselyPlugin } from 'kysely';

/** Counts the statements sent and the rows they answered: the work of a pass, whatever its speed. */
export class StatementCounter implements KyselyPlugin {
  statements = 0;
  rows = 0;
  transformQuery: KyselyPlugin['transformQuery'] = (args) => {
    this.statements += 1;
    return args.node;
  };
  transformResult: KyselyPlugin['transformResult'] = async (args) => {
    this.rows += args.result.rows.length;
    return args.result;
  };
  reset(): void {
    this.statements = 0;
    this.rows = 0;
  }
}
