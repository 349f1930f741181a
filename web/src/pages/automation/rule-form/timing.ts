import type { TFunction } from 'i18next';
import type { Timing } from '../automation-types.ts';
import { parseIsoDuration } from './duration.ts';

/**
 * A robot's timing said back in a sentence, in the user's language with its plurals:
 * "1 working day after the item enters “Proposal sent”", "Через 2 дня после того, как элемент
 * попадёт на стадию «Отправлено КП»". `t` reads the `ruleForm` namespace.
 */
export function timingSentence(
  timing: Timing,
  afterPrevious: boolean,
  stageName: string,
  t: TFunction,
): string {
  const working = timing.workingTime === true;
  let sentence: string;
  let workingSaid = false;
  switch (timing.kind) {
    case 'immediately':
      sentence = t('ruleForm:timing.sentence.immediately', { stage: stageName });
      break;
    case 'after':
      sentence = t('ruleForm:timing.sentence.after', {
        stage: stageName,
        duration: durationPhrase(timing.duration, working, t),
      });
      workingSaid = true;
      break;
    case 'at': {
      const offset = timing.offset === undefined ? undefined : parseIsoDuration(timing.offset);
      if (offset === undefined || offset.parts.length === 0) {
        sentence = t('ruleForm:timing.sentence.atExact', {
          field: fieldPhrase(timing.field, 'at', t, timing.activityType),
          stage: stageName,
        });
      } else {
        sentence = t(
          offset.sign === -1 ? 'ruleForm:timing.sentence.atBefore' : 'ruleForm:timing.sentence.atAfter',
          {
            field: fieldPhrase(timing.field, 'of', t, timing.activityType),
            duration: durationPhrase(timing.offset ?? '', working, t),
            stage: stageName,
          },
        );
        workingSaid = true;
      }
      break;
    }
  }
  if (working && !workingSaid) sentence = t('ruleForm:timing.sentence.workingTime', { sentence });
  if (afterPrevious) sentence = t('ruleForm:timing.sentence.afterPrevious', { sentence });
  return sentence;
}

/** "2 days", "1 working day", "3 hours 30 minutes"; the ISO text itself when it is not a duration. */
export function durationPhrase(iso: string, working: boolean, t: TFunction): string {
  const parsed = parseIsoDuration(iso);
  if (parsed === undefined) return iso;
  if (parsed.parts.length === 0) return t('ruleForm:timing.unit.minutes', { count: 0 });
  const group = working ? 'workingUnit' : 'unit';
  return parsed.parts.map(([unit, count]) => t(`ruleForm:timing.${group}.${unit}`, { count })).join(' ');
}

/** The dates of the item's work a robot can be timed against (besides its date fields). */
export const WORK_DATE_FIELDS = ['task.deadline', 'activity.start'] as const;
export const ACTIVITY_TYPES = ['call', 'meeting', 'email', 'todo'] as const;

/**
 * A date fact as a phrase: `at` for "At …" (nominative in Russian), `of` for "before/after …"
 * (genitive in Russian).
 */
export function fieldPhrase(path: string, form: 'at' | 'of', t: TFunction, activityType?: string): string {
  const group = form === 'at' ? 'ruleForm:timing.fieldAt' : 'ruleForm:timing.fieldOf';
  if (path === 'task.deadline') return t(`${group}.taskDeadline`);
  if (path === 'activity.start') {
    const kind = ACTIVITY_TYPES.find((type) => type === activityType) ?? 'any';
    return t(`${group}.activityStart.${kind}`);
  }
  const known: Readonly<Record<string, string>> = {
    'item.stageEnteredAt': 'stageEntered',
    'item.createdAt': 'itemCreated',
    'event.occurredAt': 'eventOccurred',
  };
  const key = known[path];
  if (key !== undefined) return t(`${group}.${key}`);
  if (path.startsWith('item.fields.'))
    return t(`${group}.itemField`, { name: path.slice('item.fields.'.length) });
  if (path.startsWith('contact.fields.'))
    return t(`${group}.contactField`, { name: path.slice('contact.fields.'.length) });
  return t(`${group}.other`, { path });
}
