import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { ProblemMessage } from '../../components/status.tsx';
import { useFormat } from '../../format.ts';
import type { RuleAlert } from '../automation/automation-types.ts';
import { ruleAlertText } from './rule-alert-text.ts';

/**
 * Rules that need a look: one that used to fire and has gone quiet, or one that fails more often
 * than the week before. Each links to its pipeline's automation; nothing shows when all is well.
 */
export function RuleAlerts() {
  const { t } = useTranslation('dashboard');
  const format = useFormat();
  const alerts = useQuery({
    queryKey: ['stats', 'rule-alerts'],
    queryFn: () => api.get<{ data: readonly RuleAlert[] }>('/stats/rule-alerts'),
  });
  if (alerts.isError) return <ProblemMessage error={alerts.error} />;
  const list = alerts.data?.data ?? [];
  if (list.length === 0) return null;
  return (
    <section className="panel rule-alerts" aria-labelledby="rule-alerts-title">
      <h2 id="rule-alerts-title">{t('alerts.title')}</h2>
      <ul>
        {list.map((alert) => (
          <li
            key={`${alert.alert}-${alert.kind}-${alert.ruleId}`}
            className={`rule-alert rule-alert-${alert.alert}`}
          >
            <span className={alert.alert === 'failing' ? 'pill pill-danger' : 'pill pill-warning'}>
              {t(`alerts.kind.${alert.alert}`)}
            </span>
            <span className="rule-alert-text">
              <Link to={`/automation/${alert.pipelineId}`}>{ruleAlertText(alert, t)}</Link>
              <span className="muted">
                {alert.pipelineName}
                {alert.lastFiredAt !== null &&
                  ` · ${t('alerts.lastFired', { at: format.dateTime(alert.lastFiredAt) })}`}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
