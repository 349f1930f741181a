import { v7 } from 'uuid';
import type { IdGenerator } from '../domain/clock.ts';

/** UUIDv7: unique, and sortable by creation time, so ordering by id is ordering by age. */
export const uuidv7: IdGenerator = () => v7();
