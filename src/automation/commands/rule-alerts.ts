import type { Clock } from '../../domain/clock.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** "Recently": the last 7 days, the window both alerts look at. */
export const RECENT_DAYS = 7;
/** A rule "used to fire" when it fired in the 30 days before the recent window... */
export const QUIET_LOOKBACK_DAYS = 30;
/** ...at least this often: fewer firings are too few to call their absence unusual. */
export const QUIET_MIN_FIRED_BEFORE = 3;
/** A robot's failures "rise" only from this many in the recent window: one or two are noise. */
export const FAILING_MIN_RECENT = 3;
/** ...and only when they are more than this many times those of the 7 days before. */
export const FAILING_RATIO = 2;

/** The activity of one enabled rule in the windows of the alerts. */
export interface RuleActivity {
  readonly kind: 'trigger' | 'robot';
  readonly ruleId: string;
  readonly ruleName: string;
  readonly pipelineId: string;
  readonly pipelineName: string;
  readonly stageId: string;
  readonly stageName: string;
  /** Fired in [recentFrom, now]. */
  readonly firedRecently: number;
  /** Fired in [quietFrom, recentFrom). */
  readonly firedBefore: number;
  /** Robots: failed in [recentFrom, now]. */
  readonly failedRecently: number;
  /** Robots: failed in [failingFrom, recentFrom). */
  readonly failedBefore: number;
  readonly lastFiredAt: string | null;
}

export interface AlertWindows {
  readonly quietFrom: Date;
  readonly failingFrom: Date;
  readonly recentFrom: Date;
  readonly now: Date;
}

export interface RuleActivityReader {
  /** Enabled rules that fired (or failed) since `quietFrom`, each kind in one grouped query. */
  ruleActivity(windows: AlertWindows): Promise<RuleActivity[]>;
}

export type RuleAlert = RuleActivity & { readonly alert: 'quiet' | 'failing' };

/**
 * Rules to look at: `quiet` when one that fired at least 3 times in the 30 days before the last 7
 * fired not once in the last 7; `failing` when a robot failed at least 3 times in the last 7 days
 * and more than twice as often as in the 7 days before. Failing ones first.
 */
export async function ruleAlerts(deps: {
  readonly clock: Clock;
  readonly reader: RuleActivityReader;
}): Promise<RuleAlert[]> {
  const now = deps.clock.now();
  const recentFrom = new Date(now.getTime() - RECENT_DAYS * DAY_MS);
  const windows: AlertWindows = {
    now,
    recentFrom,
    quietFrom: new Date(recentFrom.getTime() - QUIET_LOOKBACK_DAYS * DAY_MS),
    failingFrom: new Date(recentFrom.getTime() - RECENT_DAYS * DAY_MS),
  };
  const alerts: RuleAlert[] = [];
  for (const activity of await deps.reader.ruleActivity(windows)) {
    if (
      activity.kind === 'robot' &&
      activity.failedRecently >= FAILING_MIN_RECENT &&
      activity.failedRecently > FAILING_RATIO * activity.failedBefore
    ) {
      alerts.push({ ...activity, alert: 'failing' });
    } else if (activity.firedBefore >= QUIET_MIN_FIRED_BEFORE && activity.firedRecently === 0) {
      alerts.push({ ...activity, alert: 'quiet' });
    }
  }
  const rank = (alert: RuleAlert) => (alert.alert === 'failing' ? 0 : 1);
  return alerts.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      a.pipelineName.localeCompare(b.pipelineName) ||
      a.ruleName.localeCompare(b.ruleName),
  );
}
