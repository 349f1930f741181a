import { Drop, type VariableSegments } from 'liquidjs';
import type { FactScope, Facts } from '../../domain/facts.ts';
import { explainUnknownFact, explainWorkFact, FACT_FIELDS, OPEN_FACT_PREFIXES } from '../../domain/facts.ts';
import { moneyText } from '../../domain/money.ts';

/**
 * An amount as templates see it: printed as its exact decimal (`{{ item.amount }}` →
 * "150000.50", not 150000.5), compared and computed with as a number (`item.amount > 100000`,
 * `| times: 2`, another amount), and a JSON number in `| json`.
 */
export class TemplateAmount extends Drop {
  readonly #text: string;
  readonly #value: number;

  constructor(text: string, value: number) {
    super();
    this.#text = text;
    this.#value = value;
  }

  override valueOf(): string {
    return this.#text;
  }

  toJSON(): number {
    return this.#value;
  }

  equals(other: unknown): boolean {
    return this.#value === numberOf(other);
  }
  gt(other: unknown): boolean {
    return this.#value > numberOf(other);
  }
  geq(other: unknown): boolean {
    return this.#value >= numberOf(other);
  }
  lt(other: unknown): boolean {
    return this.#value < numberOf(other);
  }
  leq(other: unknown): boolean {
    return this.#value <= numberOf(other);
  }
}

const numberOf = (value: unknown): number => {
  const plain = value instanceof Drop ? value.valueOf() : value;
  return typeof plain === 'number' || typeof plain === 'string' ? Number(plain) : Number.NaN;
};

const amount = (value: unknown): unknown => {
  const text = typeof value === 'number' ? moneyText(value) : undefined;
  return text === undefined ? value : new TemplateAmount(text, value as number);
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The variables a template renders with: the facts, with the money among them (which facts keep
 * as numbers for conditions) as TemplateAmounts.
 */
export function templateVariables(facts: Facts): Facts {
  const { item, payments } = facts;
  return {
    ...facts,
    ...(isRecord(item) && {
      item: { ...item, amount: amount(item['amount']), paidAmount: amount(item['paidAmount']) },
    }),
    ...(isRecord(payments) && { payments: { ...payments, total: amount(payments['total']) } }),
  };
}

/** Liquid's built-in properties of strings and arrays (`contact.emails.size`, `.first`). */
const VALUE_PROPERTIES: ReadonlySet<string> = new Set(['size', 'first', 'last']);
const KINDS_WITH_PROPERTIES: ReadonlySet<string> = new Set(['string', 'list']);

/** Every dotted prefix that has readable facts below it: `item`, `item.fields`, `event.data`, ... */
const GROUPS: ReadonlySet<string> = collectGroups();

function collectGroups(): Set<string> {
  const groups = new Set<string>();
  const addPrefixes = (path: string, includeWhole: boolean): void => {
    const parts = path.split('.');
    const count = includeWhole ? parts.length : parts.length - 1;
    for (let length = 1; length <= count; length += 1) groups.add(parts.slice(0, length).join('.'));
  };
  for (const field of Object.keys(FACT_FIELDS)) addPrefixes(field, false);
  for (const prefix of OPEN_FACT_PREFIXES) addPrefixes(prefix.slice(0, -1), true);
  return groups;
}

/**
 * Why a template variable (as LiquidJS's static analysis splits it into segments) reads nothing
 * the facts hold, or undefined when it is fine. The variable's name path is its leading
 * property names: `contact.emails[0]` checks `contact.emails`, and `item[key]` checks `item`
 * (the index is a variable of its own, checked separately).
 */
export function explainUnknownVariable(segments: VariableSegments, scope: FactScope): string | undefined {
  const names: string[] = [];
  for (const segment of segments) {
    if (typeof segment !== 'string') break;
    names.push(segment);
  }
  if (names.length === 0) return 'a variable name cannot be computed';
  const path = names.join('.');
  const reason = explainUnknownFact(path, scope);
  if (reason === undefined) return undefined;
  if (GROUPS.has(path)) return explainGroup(path, scope);
  if (isPropertyOfKnownFact(names, scope)) return undefined;
  return reason;
}

/** A group (`item`, `event.data`) is read whole, e.g. by `for` or `json`. */
function explainGroup(path: string, scope: FactScope): string | undefined {
  if (scope.hasEvent === false && (path === 'event' || path.startsWith('event.'))) {
    return `"${path}": this rule runs without an event`;
  }
  return explainWorkFact(path, scope);
}

function isPropertyOfKnownFact(names: readonly string[], scope: FactScope): boolean {
  const last = names.at(-1);
  if (names.length < 2 || last === undefined || !VALUE_PROPERTIES.has(last)) return false;
  const parent = names.slice(0, -1).join('.');
  if (explainUnknownFact(parent, scope) !== undefined) return false;
  const kind: string | undefined = (FACT_FIELDS as Readonly<Record<string, string>>)[parent];
  return kind === undefined || KINDS_WITH_PROPERTIES.has(kind);
}
