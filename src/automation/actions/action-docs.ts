import type { Localized } from '../../domain/localized.ts';
import type { ActionParams, ActionType } from './registry.ts';

/**
 * What the catalogue tells people about each action beyond its params schema: the Russian
 * description (the English one is the action's own), examples of params, and for actions with
 * outside effects how they happen once although a run may be retried. A test checks that every
 * action is described and that every example passes the action's schema.
 */

export interface ActionExample<P = Readonly<Record<string, unknown>>> {
  readonly summary: string;
  /** Typed by the action's schema, so an example that drifts from it does not compile. */
  readonly params: P;
}

export interface ActionDocs<P> {
  readonly ru: string;
  readonly examples: readonly ActionExample<P>[];
  /** Actions with outside effects only. */
  readonly idempotency?: Localized;
}

const USER = '0192f3a0-0000-7000-8000-000000000001';
const STAGE = '0192f3a0-0000-7000-8000-000000000002';
const PIPELINE = '0192f3a0-0000-7000-8000-000000000003';

export const ACTION_DOCS: { readonly [T in ActionType]: ActionDocs<ActionParams[T]> } = {
  notify: {
    ru: 'Уведомляет ответственного за карточку, его руководителя или названных пользователей: в приложении, а письмом — как каждый настроил',
    examples: [
      {
        summary: 'Tell the supervisor about a big deal',
        params: {
          to: ['supervisor'],
          title: 'Big deal: {{ item.title }}',
          body: '{{ contact.name }}, {{ item.amount | money: item.currency }}',
        },
      },
      {
        summary: 'Title only, to two people',
        params: { to: ['responsible', { userId: USER }], title: 'Call {{ contact.name }}', body: '' },
      },
    ],
  },
  create_task: {
    ru: 'Ставит задачу по карточке ответственному, его руководителю или названному пользователю',
    examples: [
      {
        summary: 'Call back next working day at 10:00',
        params: {
          title: 'Call {{ contact.name }} back',
          responsible: 'responsible',
          observers: ['supervisor'],
          deadline: { after: 'P1D', workingDays: true, at: '10:00' },
        },
      },
    ],
  },
  complete_tasks: {
    ru: 'Завершает открытые задачи, поставленные роботами по карточке: все, одной стадии или этой воронки',
    examples: [
      { summary: 'All tasks robots set for the item', params: { scope: 'item' } },
      { summary: 'The tasks robots set at another stage', params: { stageId: STAGE } },
    ],
  },
  schedule_activity: {
    ru: 'Планирует звонок, встречу, письмо или дело ответственному за карточку',
    examples: [
      {
        summary: 'A follow-up call in one working day',
        params: { type: 'call', subject: 'Follow-up call', due: { after: 'P1D', workingDays: true } },
      },
    ],
  },
  add_timeline_entry: {
    ru: 'Добавляет запись в историю карточки',
    examples: [{ summary: 'Note the event', params: { text: 'Proposal sent to {{ contact.name }}' } }],
  },
  change_responsible: {
    ru: 'Меняет ответственного: на названного пользователя, руководителя или по очереди',
    examples: [
      { summary: 'Hand over to the supervisor', params: { to: 'supervisor' } },
      {
        summary: 'Round robin',
        params: { to: { roundRobin: [USER, '0192f3a0-0000-7000-8000-000000000004'] } },
      },
    ],
  },
  update_fields: {
    ru: 'Меняет название, сумму или поля карточки: из шаблона, константы или факта',
    examples: [
      {
        summary: 'Copy the quote amount and mark the deal',
        params: { set: { 'fields.potentialRevenue': { fromFact: 'event.data.amount' }, 'fields.hot': true } },
      },
    ],
  },
  move_to_stage: {
    ru: 'Переносит карточку на другую стадию воронки (с проверкой ограничений)',
    examples: [{ summary: 'Move on', params: { stageId: STAGE } }],
  },
  create_item: {
    ru: 'Создаёт карточку в воронке по этой (например, сделку по лиду)',
    examples: [
      {
        summary: 'A deal from a qualified lead',
        params: {
          pipelineId: PIPELINE,
          title: 'Deal: {{ item.title }}',
          fields: { source: 'lead {{ item.id }}' },
        },
      },
    ],
  },
  create_document: {
    ru: 'Создаёт документ по карточке (счёт, коммерческое предложение…) по шаблону его вида',
    examples: [
      {
        summary: 'An invoice in Russian, with a share link',
        params: { kind: 'invoice', language: 'ru', share: true },
      },
      { summary: 'An invoice from the quote', params: { kind: 'invoice', fromKind: 'quote' } },
    ],
  },
  send_webhook: {
    ru: 'Отправляет HTTP-запрос на адрес; с секретом — подписанный по Standard Webhooks',
    examples: [
      {
        summary: 'Tell the warehouse',
        params: {
          url: 'https://erp.example.com/hooks/deals',
          body: { deal: '{{ item.title }}', amount: '{{ item.amount }}' },
          secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        },
      },
    ],
    idempotency: {
      en: 'webhook-id is msg_<run id> on every attempt, so the receiver can drop repeats; 5xx, 408, 429 and timeouts are retried',
      ru: 'webhook-id равен msg_<id запуска> при каждой попытке, получатель отбросит повторы; 5xx, 408, 429 и таймауты повторяются',
    },
  },
  send_email: {
    ru: 'Отправляет письмо контакту карточки, ответственному, его руководителю или на адрес',
    examples: [
      {
        summary: 'The proposal to the contact',
        params: {
          to: 'contact',
          subject: 'Our proposal for {{ item.title }}',
          text: 'Hello {{ contact.name }}',
          replyTo: '{{ responsible.email }}',
        },
      },
      {
        summary: 'The invoice as PDF',
        params: {
          to: 'contact',
          subject: 'Invoice for {{ item.title }}',
          text: 'Hello {{ contact.name }}, the invoice is attached.',
          attachments: [{ document: 'latest:invoice' }],
        },
      },
    ],
    idempotency: {
      en: 'One Message-ID per run (<run-{run id}@stageflow>): a retry sends the stored message again, never a second one',
      ru: 'Один Message-ID на запуск: повтор отправляет то же сохранённое письмо, а не второе',
    },
  },
  send_sms: {
    ru: 'Отправляет SMS контакту карточки или на номер',
    examples: [
      {
        summary: 'Remind the contact',
        params: { to: 'contact', text: 'See you at 10:00, {{ contact.name }}' },
      },
    ],
    idempotency: {
      en: 'The run id is the idempotency key the provider and the SMS outbox see: one message per run',
      ru: 'id запуска — ключ идемпотентности для провайдера и исходящих SMS: одно сообщение на запуск',
    },
  },
  request_approval: {
    ru: 'Просит руководителя ответственного, названных пользователей или нескольких людей по очереди одобрить или отклонить',
    examples: [
      {
        summary: "The responsible's supervisor approves a discount within a day",
        params: {
          approvers: ['supervisor'],
          title: 'Discount for {{ item.title }}, {{ item.amount | money: item.currency }}',
          deadlineMinutes: 1440,
          onDeadline: 'escalate',
        },
      },
      {
        summary: 'The supervisor has 8 working hours, in their own calendar, before it goes up a level',
        params: {
          approvers: ['supervisor'],
          title: 'Discount for {{ item.title }}',
          deadlineMinutes: 480,
          deadlineInWorkingTime: true,
        },
      },
      {
        summary: 'The supervisor, then a named director, in turn',
        params: { approvers: ['supervisor', { userId: USER }], title: 'Contract {{ item.title }}' },
      },
    ],
  },
};
