import { MONEY_DECIMALS } from '../../domain/money.ts';

/**
 * Formats a database sum of minor units, read as text (`cast(sum(...) as text)`), as exact decimal
 * money. A sum of many amounts may pass the largest safe integer, so it never becomes a number.
 */
export function formatMinorText(text: string | null | undefined): string {
  const minor = BigInt(
    text === null || text === undefined || text === '' ? '0' : (text.split('.')[0] ?? '0'),
  );
  const sign = minor < 0n ? '-' : '';
  const digits = (minor < 0n ? -minor : minor).toString().padStart(MONEY_DECIMALS + 1, '0');
  return `${sign}${digits.slice(0, -MONEY_DECIMALS)}.${digits.slice(-MONEY_DECIMALS)}`;
}
