import { type TSchema, Type } from 'typebox';
import { MAX_MONEY_TEXT, MONEY_PATTERN_SOURCE } from '../money.ts';
import type { EventSubject } from './event.ts';

/**
 * The event catalogue: every event type Stageflow understands and the shape of its `data`.
 * Type names are stored (in events and triggers): never renamed, only added. `open` types accept
 * any data fields; the others accept extra fields too, but filters may only name known ones.
 */
const Str = (description?: string) => Type.String(description === undefined ? {} : { description });
const Opt = <T extends TSchema>(schema: T) => Type.Optional(schema);
// The pattern is money's own, so an amount the schema takes is one the payment can store.
const Amount = Type.Union([Type.String({ pattern: MONEY_PATTERN_SOURCE }), Type.Number()], {
  description: `Decimal amount, at most ${MAX_MONEY_TEXT}; a string keeps it exact`,
});

const email = {
  from: Opt(Str('Sender address')),
  to: Opt(Type.Array(Type.String(), { description: 'Recipient addresses' })),
  subject: Opt(Str('Subject line')),
  text: Opt(Str('Plain-text body')),
  messageId: Opt(Str('Message-ID header')),
  inReplyTo: Opt(Str('In-Reply-To header: the Message-ID this mail answers')),
  attachments: Opt(Type.Array(Type.String(), { description: 'Attachment file names' })),
};
const call = {
  phone: Str('The caller or callee number'),
  direction: Opt(Type.Union([Type.Literal('in'), Type.Literal('out')], { description: 'in or out' })),
  durationSeconds: Opt(Type.Number({ minimum: 0, description: 'Length of the call. Unit: s' })),
  recordingUrl: Opt(Str('Where the recording is')),
};
const chat = {
  channel: Opt(Str('Chat channel, e.g. telegram')),
  text: Opt(Str('Message text')),
  author: Opt(Str('Who wrote it')),
};
const visit = {
  url: Str('The page visited'),
  referrer: Opt(Str('The referring page')),
  title: Opt(Str('Page title')),
};
const document = {
  documentId: Str('The document'),
  kind: Opt(Str('quote, invoice, order, shipment, ... or a custom kind')),
  number: Opt(Str('Document number')),
  amount: Opt(Amount),
  status: Opt(Str('draft, posted, sent, viewed, paid or cancelled')),
};

export interface EventTypeDefinition {
  readonly type: string;
  readonly description: string;
  readonly data: TSchema;
  /** Any data field may be named in filters (webhooks, custom app events). */
  readonly open: boolean;
  /** Emitted by Stageflow itself; refused from outside. */
  readonly internal: boolean;
  /** The subject fields this type must name one of (a payment belongs to one item). Default: any. */
  readonly subjects?: readonly (keyof EventSubject)[] | undefined;
}

const define = (
  type: string,
  description: string,
  properties: Record<string, TSchema>,
  options: { open?: boolean; internal?: boolean; subjects?: readonly (keyof EventSubject)[] } = {},
): EventTypeDefinition => ({
  type,
  description,
  data: Type.Object(properties, { additionalProperties: true }),
  open: options.open ?? false,
  internal: options.internal ?? false,
  subjects: options.subjects,
});

const DEFINITIONS: readonly EventTypeDefinition[] = [
  define('email.received', 'An email came in from the contact', { ...email, from: Str('Sender address') }),
  define('email.sent', 'An email went out to the contact', email),
  define('email.opened', 'The contact opened a sent email', {
    messageId: Opt(Str('Message-ID of the sent email')),
    subject: Opt(Str('Its subject')),
  }),
  define('email.link_clicked', 'The contact clicked a link in a sent email', {
    url: Str('The link as the email contained it'),
    messageId: Opt(Str('Message-ID of the sent email')),
  }),
  define('call.incoming', 'An incoming call', call),
  define('call.missed', 'A missed call', call),
  define('call.completed', 'A call that took place', call),
  define('sms.received', 'An SMS from the contact', {
    phone: Str('The sender number'),
    text: Opt(Str('Message text')),
  }),
  define('chat.first_message', 'The first chat message of a conversation', chat),
  define('chat.message', 'A chat message', chat),
  define('form.submitted', 'A web form was filled in', {
    formId: Opt(Str('The form')),
    formName: Opt(Str("The form's name")),
    fields: Opt(Type.Record(Type.String(), Type.Unknown(), { description: 'The answers by field name' })),
  }),
  define('site.visit', 'The contact visited the site', visit),
  define('site.revisit', 'A known contact came back to the site', visit),
  define('document.created', 'A document was created', document),
  define('document.viewed', 'The client viewed a shared document', document),
  define('document.posted', 'A document was posted (accounted)', document),
  define(
    'payment.received',
    'Money was received for an item (the subject names the item or its document)',
    {
      amount: Amount,
      currency: Opt(
        Type.String({ pattern: '^[A-Z]{3}$', description: "ISO 4217 code; must be the item's currency" }),
      ),
      documentId: Opt(Str('The document paid, if any')),
      paymentId: Opt(Str("The sending system's id of the payment: the same one again is not counted twice")),
      source: Opt(Str('The sending system, e.g. 1c (default: external)')),
      reference: Opt(Str('Bank or processor reference')),
    },
    { subjects: ['itemId', 'documentId'] },
  ),
  define('task.status_changed', 'A task changed its status', {
    taskId: Str('The task'),
    status: Str('new, in_progress, completed, deferred or cancelled'),
    previousStatus: Opt(Str('The status before')),
    title: Opt(Str("The task's title")),
  }),
  define('resource.booked', 'A resource was booked', {
    resource: Str('What was booked'),
    startsAt: Opt(Type.String({ format: 'date-time', description: 'Start of the booking' })),
    endsAt: Opt(Type.String({ format: 'date-time', description: 'End of the booking' })),
  }),
  define('webhook.received', 'A per-trigger webhook was called', {}, { open: true }),
  define(
    'app.event',
    'A custom event of an integration, named by data.name',
    { name: Str('The custom event name') },
    { open: true },
  ),
  define(
    'item.created',
    'An item was created',
    { pipelineId: Str('Its pipeline'), stageId: Str('The stage it starts in') },
    { internal: true },
  ),
  define(
    'item.field_changed',
    'Fields of an item changed',
    {
      fields: Type.Array(Type.String(), { description: 'Changed paths, e.g. item.amount, item.fields.city' }),
      changes: Opt(Type.Record(Type.String(), Type.Unknown(), { description: 'Values before and after' })),
    },
    { internal: true },
  ),
  define(
    'run.succeeded',
    'A robot run succeeded (recorded for webhook subscriptions)',
    {
      runId: Str('The run'),
      robotId: Str('Its robot'),
      actionType: Str("The robot's action type"),
      changes: Opt(Type.Record(Type.String(), Type.Unknown(), { description: 'What the action changed' })),
    },
    { internal: true },
  ),
  define(
    'run.failed',
    'A robot run failed for good (recorded for webhook subscriptions)',
    {
      runId: Str('The run'),
      robotId: Str('Its robot'),
      actionType: Str("The robot's action type"),
      error: Opt(Type.Record(Type.String(), Type.Unknown(), { description: 'Code, message and attempt' })),
    },
    { internal: true },
  ),
  define(
    'notification.created',
    'A user was notified (recorded for webhook subscriptions)',
    {
      notificationId: Str('The notification'),
      userId: Str('Who was notified'),
      title: Str('Its title'),
      body: Opt(Str('Its text')),
    },
    { internal: true },
  ),
  define(
    'task.overdue',
    "An open task of an item passed its deadline (once per deadline; the subject is the task's item)",
    {
      taskId: Str('The task'),
      title: Str("The task's title"),
      deadline: Type.String({ format: 'date-time', description: 'The deadline that passed' }),
      responsibleId: Type.Union([Type.String(), Type.Null()], {
        description: 'Who the task is for, or null',
      }),
    },
    { internal: true },
  ),
  define(
    'activity.completed',
    "An activity of an item was marked done (the subject is the activity's item)",
    {
      activityId: Str('The activity'),
      type: Str('call, meeting, email or todo'),
      subject: Str("The activity's subject"),
      dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
        description: 'When it was planned for, or null',
      }),
      responsibleId: Type.Union([Type.String(), Type.Null()], {
        description: 'Who the activity is for, or null',
      }),
    },
    { internal: true },
  ),
  ...(['approved', 'rejected'] as const).map((outcome) =>
    define(
      `approval.${outcome}`,
      `An approval requested by a robot was ${outcome} (the subject is the approval's item)`,
      {
        approvalId: Str('The approval'),
        title: Str('What was to be approved'),
        decidedBy: Type.Union([Type.String(), Type.Null()], {
          description: 'The user who decided, or null when a deadline decided',
        }),
        comment: Type.Union([Type.String(), Type.Null()], { description: "The decider's comment, or null" }),
        robotId: Type.Union([Type.String(), Type.Null()], { description: 'The robot that asked, or null' }),
      },
      { internal: true },
    ),
  ),
  define(
    'item.stage_changed',
    'An item moved to another stage',
    {
      pipelineId: Str('The pipeline'),
      fromStageId: Str('The stage it left'),
      toStageId: Str('The stage it entered'),
    },
    { internal: true },
  ),
];

export const EVENT_TYPES: ReadonlyMap<string, EventTypeDefinition> = new Map(
  DEFINITIONS.map((d) => [d.type, d]),
);

export const findEventType = (type: string): EventTypeDefinition | undefined => EVENT_TYPES.get(type);

/** Top-level data fields a filter may name for this type; undefined when any name goes. */
export function eventDataFields(type: string): string[] | undefined {
  const definition = EVENT_TYPES.get(type);
  if (definition === undefined || definition.open) return undefined;
  return Object.keys((definition.data as { properties?: Record<string, unknown> }).properties ?? {});
}
