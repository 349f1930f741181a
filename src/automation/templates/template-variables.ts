import type { VariableSegments } from 'liquidjs';
import type { FactScope } from '../../domain/facts.ts';
import { explainUnknownFact, FACT_FIELDS, OPEN_FACT_PREFIXES } from '../../domain/facts.ts';

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
  return undefined;
}

function isPropertyOfKnownFact(names: readonly string[], scope: FactScope): boolean {
  const last = names.at(-1);
  if (names.length < 2 || last === undefined || !VALUE_PROPERTIES.has(last)) return false;
  const parent = names.slice(0, -1).join('.');
  if (explainUnknownFact(parent, scope) !== undefined) return false;
  const kind: string | undefined = (FACT_FIELDS as Readonly<Record<string, string>>)[parent];
  return kind === undefined || KINDS_WITH_PROPERTIES.has(kind);
}
