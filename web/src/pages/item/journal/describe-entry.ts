import type { TFunction } from 'i18next';
import type { JournalEntry } from '../item-types.ts';
import { translateStoredReason } from './stored-reason.ts';

/** What a sentence needs besides the entry: stage names and formatting in the user's locale. */
export interface SentenceContext {
  readonly t: TFunction<'item'>;
  readonly stageName: (id: unknown) => string | undefined;
  readonly dateTime: (iso: string) => string;
  readonly money: (amount: string, currency: string) => string;
  /** A length in seconds: "95 s". */
  readonly seconds: (value: number) => string;
  /** A trigger's, robot's or guard's name another entry of the journal gave, by id. */
  readonly knownName: (id: string | null) => string | undefined;
  /** What the item's runs list knows about a run: its robot's name and its action. */
  readonly run: (
    runId: string | null,
  ) => { readonly robotName?: string; readonly action?: string } | undefined;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

function record(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

const NAME_IN_MESSAGE = { trigger: /Trigger "([^"]+)"/, robot: /Robot "([^"]+)"/, guard: /guard "([^"]+)"/ };

/**
 * A name the journal route gave (top level or in data); else the one its stored message quotes;
 * else the id's short form.
 */
function nameOf(entry: JournalEntry, key: 'trigger' | 'robot' | 'guard', context?: SentenceContext): string {
  const given =
    text(entry[`${key}Name`]) ??
    text(entry.data[`${key}Name`]) ??
    (key === 'robot' ? text(context?.run(entry.runId)?.robotName) : undefined);
  const quoted = NAME_IN_MESSAGE[key].exec(entry.message)?.[1];
  const id = entry[`${key}Id`];
  return given ?? quoted ?? context?.knownName(id) ?? text(id)?.slice(0, 8) ?? '?';
}

/** The names the entries' own messages quote, by trigger, robot and guard id. */
export function learnNames(entries: readonly JournalEntry[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const entry of entries) {
    for (const key of ['trigger', 'robot', 'guard'] as const) {
      const id = entry[`${key}Id`];
      const name = text(entry[`${key}Name`]) ?? NAME_IN_MESSAGE[key].exec(entry.message)?.[1];
      if (id !== null && name !== undefined && !names.has(id)) names.set(id, name);
    }
  }
  return names;
}

/** Values compared by the condition that failed: "item.paidAmount is 50, expected ≥ 100". */
export function comparedValues(entry: JournalEntry, { t }: SentenceContext): string | undefined {
  const data = entry.data;
  const compared = record(data['compared'] ?? data['comparison'] ?? data);
  const field = text(compared['field']);
  const op = text(compared['op']);
  if (field === undefined || op === undefined) return undefined;
  const show = (value: unknown) =>
    value === undefined
      ? t('journal.value.missing')
      : typeof value === 'string'
        ? `"${value}"`
        : JSON.stringify(value);
  const plus = text(compared['plus']);
  const minus = text(compared['minus']);
  // A sum or difference: "item.amount − item.paidAmount is 5000 − 3999.99, expected ≤ 1000".
  const [left, actual] =
    minus !== undefined
      ? [`${field} − ${minus}`, `${show(compared['actual'])} − ${show(compared['operand'])}`]
      : plus !== undefined
        ? [`${field} + ${plus}`, `${show(compared['actual'])} + ${show(compared['operand'])}`]
        : [field, show(compared['actual'])];
  return t('journal.compared', {
    field: left,
    actual,
    op: t(`journal.op.${op}`, { defaultValue: op }),
    expected:
      text(compared['valueField']) !== undefined
        ? `${compared['valueField']}`
        : 'expected' in compared
          ? show(compared['expected'])
          : '',
  }).trim();
}

/** Why a trigger did not fire, in words; the server's own wording when the reason is unknown. */
function notMatchedReason(entry: JournalEntry, context: SentenceContext): string {
  const { t } = context;
  // Older entries only have the message: 'Trigger "X": filter: event.data.n (10) is less than 60'.
  const stored = /^Trigger "[^"]*": (?:(\w+): )?(.*)$/s.exec(entry.message);
  const reason = text(entry.data['reason']) ?? stored?.[1];
  const known = reason === undefined ? undefined : t(`journal.reason.${reason}`, { defaultValue: '' });
  const because = known !== undefined && known !== '' ? known : undefined;
  const values =
    comparedValues(entry, context) ??
    (stored?.[1] === undefined || stored[2] === undefined ? undefined : translateStoredReason(stored[2], t));
  if (because !== undefined && values !== undefined) return `${because}: ${values}`;
  return because ?? values ?? stored?.[2] ?? entry.message;
}

/** How a move came about: by a trigger, a robot or a person, or by a rule acting as a person. */
export function movedBy(entry: JournalEntry, context: SentenceContext): string {
  const { t } = context;
  const rule = record(entry.data['rule']);
  const person = text(record(entry.data['actAs'])['name']);
  const ruleName = text(rule['name']);
  if (
    person !== undefined &&
    ruleName !== undefined &&
    (rule['kind'] === 'robot' || rule['kind'] === 'trigger')
  ) {
    return t(rule['kind'] === 'robot' ? 'journal.by.robotAs' : 'journal.by.triggerAs', {
      name: ruleName,
      person,
    });
  }
  const author = record(entry.data['author']);
  const type = text(author['type']) ?? (entry.triggerId !== null ? 'trigger' : entry.runId ? 'robot' : 'api');
  if (type === 'trigger') return t('journal.by.trigger', { name: nameOf(entry, 'trigger', context) });
  if (type === 'robot') return t('journal.by.robot', { name: nameOf(entry, 'robot', context) });
  if (type === 'system') return t('journal.by.system');
  const who = text(entry.authorName) ?? text(author['name']) ?? text(entry.data['authorName']);
  if (who !== undefined) return t(type === 'api' ? 'journal.by.token' : 'journal.by.person', { name: who });
  return t(type === 'api' ? 'journal.by.api' : 'journal.by.manual');
}

/** The event in a few words: its type, and for a payment its number and amount. */
function eventSummary(entry: JournalEntry, context: SentenceContext): string {
  const { t } = context;
  const type = text(entry.data['type']) ?? text(entry.data['eventType']) ?? '?';
  const payload = record(entry.data['data']);
  const label = t(`journal.eventType.${type.replaceAll('.', '_')}`, { defaultValue: type });
  const summary = record(entry.data['summary']);
  if (type === 'payment.received') {
    const id =
      text(summary['paymentId']) ??
      text(payload['paymentId']) ??
      text(payload['reference']) ??
      text(payload['externalId']);
    const amount = text(payload['amount']);
    const currency = text(payload['currency']);
    const sum = amount !== undefined && currency !== undefined ? context.money(amount, currency) : amount;
    return t('journal.payment', { label, id: id ?? '', amount: sum ?? '' })
      .replace(/\s+/g, ' ')
      .trim();
  }
  if (type.startsWith('call.') && text(payload['phone']) !== undefined) {
    const seconds = payload['durationSeconds'];
    return t('journal.call', {
      label,
      phone: payload['phone'],
      length: typeof seconds === 'number' ? context.seconds(seconds) : '',
    }).trim();
  }
  const values = Object.entries(summary)
    .filter(([key]) => !HIDDEN_SUMMARY_KEYS.has(key))
    .map(([, value]) => String(value));
  return values.length === 0 ? label : `${label}: ${values.join(', ')}`;
}

/** Ids mean nothing to a reader; stages are named by the move that follows. */
const HIDDEN_SUMMARY_KEYS = new Set(['taskId', 'documentId', 'fromStageId', 'toStageId', 'fields']);

/** One journal entry as a sentence in the user's language. */
export function describeEntry(entry: JournalEntry, context: SentenceContext): string {
  const { t, stageName } = context;
  const data = entry.data;
  const stage =
    stageName(data['toStageId'] ?? entry.stageId) ?? text(entry.stageName) ?? text(data['stageName']) ?? '?';
  const robot = nameOf(entry, 'robot', context);
  const action = text(data['action']) ?? text(data['actionType']) ?? text(context.run(entry.runId)?.action);
  const due = text(data['dueAt']);
  const error = record(data['error']);
  switch (entry.kind) {
    case 'event_received':
      return t('journal.kind.event_received', { event: eventSummary(entry, context) });
    case 'trigger_matched':
      return t('journal.kind.trigger_matched', { name: nameOf(entry, 'trigger', context), stage });
    case 'trigger_not_matched':
      return t('journal.kind.trigger_not_matched', {
        name: nameOf(entry, 'trigger', context),
        reason: notMatchedReason(entry, context),
      });
    case 'moved':
      return t(data['fromStageId'] ? 'journal.kind.moved' : 'journal.kind.created', {
        from: stageName(data['fromStageId']) ?? text(entry.fromStageName) ?? '?',
        to: stage,
        by: movedBy(entry, context),
      });
    case 'move_refused':
      return t('journal.kind.move_refused', {
        stage,
        name: nameOf(entry, 'guard', context),
        message: text(data['guardMessage']) ?? text(data['message']) ?? entry.message.replace(/^.*?: /, ''),
      });
    case 'run_planned':
    case 'run_replanned': {
      const now = due !== undefined && new Date(due).getTime() <= new Date(entry.createdAt).getTime();
      const variant = now ? 'Now' : action === undefined ? '' : 'Action';
      return t(`journal.kind.${entry.kind}${variant}`, {
        name: robot,
        action: action === undefined ? '' : t(`board:action.${action}`, { defaultValue: action }),
        due: due === undefined ? t('journal.later') : context.dateTime(due),
      });
    }
    case 'run_failed':
    case 'run_retry_scheduled':
      return t(`journal.kind.${entry.kind}`, {
        name: robot,
        error: text(error['message']) ?? text(data['message']) ?? entry.message,
        due: due === undefined ? '' : context.dateTime(due),
      });
    case 'run_skipped': {
      const code = text(data['reason']);
      const why = code === undefined ? '' : t(`journal.skip.${code}`, { defaultValue: '' });
      if (why !== '' && code !== 'condition')
        return t('journal.kind.run_skipped', { name: robot, reason: why });
      const values =
        comparedValues(entry, context) ??
        translateStoredReason(text(data['explanation']) ?? entry.message.replace(/^Run skipped: /, ''), t);
      return t('journal.kind.run_skipped', {
        name: robot,
        reason: why === '' ? values : `${why}: ${values}`,
      });
    }
    case 'run_cancelled':
    case 'run_started':
    case 'run_succeeded':
      return t(`journal.kind.${entry.kind}`, { name: robot });
    case 'approval_requested':
      return t(
        data['mailed'] === false
          ? 'journal.kind.approval_requestedUnmailed'
          : 'journal.kind.approval_requested',
        {
          title: text(data['title']) ?? '',
          name: text(data['approverName']) ?? '?',
          problem: text(data['problem']) ?? '',
        },
      );
    case 'approval_decided':
    case 'approval_escalated': {
      const late = data['via'] === 'deadline';
      const key =
        entry.kind === 'approval_escalated'
          ? 'approval_escalated'
          : late
            ? 'approval_lateRejected'
            : `approval_${text(data['outcome']) ?? 'decided'}`;
      const sentence = t(`journal.kind.${key}`, {
        title: text(data['title']) ?? '',
        name: text(late ? data['approverName'] : data['userName']) ?? text(data['approverName']) ?? '?',
        next: text(data['nextApproverName']) ?? '?',
        defaultValue: entry.message,
      });
      const comment = text(data['comment']);
      return comment === undefined ? sentence : `${sentence}: ${comment}`;
    }
    case 'run_undone':
      return t('journal.kind.run_undone', {
        name: robot,
        who: text(record(data['undoneBy'])['name']) ?? '?',
      });
    case 'undo_applied':
      return t('journal.kind.undo_applied', {
        what: text(record(data['effect'])['description']) ?? entry.message,
        who: text(record(data['undoneBy'])['name']) ?? '?',
      });
    case 'event_duplicate':
    case 'event_unresolved':
    case 'event_failed':
    case 'loop_stopped':
      return t(`journal.kind.${entry.kind}`, { message: entry.message });
    default:
      return entry.message;
  }
}
