import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

export async function up(_db: Kysely<unknown>, _t: ColumnTypes): Promise<void> {}
