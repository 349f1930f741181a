import type { TFunction } from 'i18next';
import type { RuleAlert } from '../automation/automation-types.ts';

/**
 * An alert about a rule in one sentence: "Robot “Notify the supervisor” on “Proposal sent” has
 * gone quiet: fired 12 times before, none in the last 7 days", or that its failures rose.
 */
export function ruleAlertText(alert: RuleAlert, t: TFunction<'dashboard'>): string {
  const rule = t(`alerts.rule.${alert.kind}`, { name: alert.ruleName, stage: alert.stageName });
  if (alert.alert === 'quiet')
    return t('alerts.quiet', { rule, before: t('alerts.firedTimes', { count: alert.firedBefore }) });
  return t('alerts.failing', {
    rule,
    recent: t('alerts.failures', { count: alert.failedRecently }),
    before: alert.failedBefore,
  });
}
