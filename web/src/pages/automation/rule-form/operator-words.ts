import type { TFunction } from 'i18next';
import type { CatalogueOperator } from '../automation-types.ts';

/**
 * How an operator is offered: a short name in the user's language ("is at least", "не меньше")
 * as the option, and the catalogue's long description as the help under the chosen one. An
 * operator the UI does not know yet is offered by its description.
 */

export function operatorHelp(operator: CatalogueOperator, language: string): string {
  return language.startsWith('ru') ? operator.description.ru : operator.description.en;
}

export function operatorLabel(operator: CatalogueOperator, language: string, t: TFunction): string {
  return t(`ruleForm:condition.ops.${operator.op}`, { defaultValue: operatorHelp(operator, language) });
}
