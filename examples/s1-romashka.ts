import type { ExampleScenario } from '../src/cli/workspace.ts';

/**
 * S1 "Romashka Ltd": from a cold call to shipment, a 1C:CRM-style sales pipeline. Deals advance
 * on documents (proposal, invoice, shipment) and payments; "Won" will be guarded by the paid sum.
 */
export const s1Romashka: ExampleScenario = {
  key: 's1',
  title: 'Romashka Ltd: cold calls to shipment',
  description:
    'Deals start in "Info letter" after a cold call, move on when a proposal, an invoice and a ' +
    'shipment are posted, and are won once fully paid.',
  contacts: [
    {
      key: 'pavel',
      name: 'Pavel Sergeev',
      company: 'Kvant Engineering',
      emails: ['p.sergeev@kvant.example'],
      phones: ['+7 343 210-77-00'],
      responsible: 'anna',
    },
  ],
  pipeline: {
    name: 'Sales',
    entityType: 'deal',
    stages: [
      { name: 'Info letter', color: '#4f8fe6' },
      { name: 'Proposal', color: '#7c5ce6' },
      { name: 'Invoice', color: '#e6a23c' },
      { name: 'Shipment', color: '#3cb7e6' },
      { name: 'Won', semantics: 'won', color: '#2fb86b' },
      { name: 'Lost', semantics: 'lost', color: '#d9534f' },
    ],
  },
  triggers: [
    {
      name: 'Quote posted',
      stage: 'Proposal',
      eventType: 'document.posted',
      filter: { field: 'event.data.kind', op: 'eq', value: 'quote' },
    },
    {
      name: 'Invoice created',
      stage: 'Invoice',
      eventType: 'document.created',
      filter: { field: 'event.data.kind', op: 'eq', value: 'invoice' },
    },
    {
      // The guard on Won refuses this move until the payment covers the amount.
      name: 'Shipment posted',
      stage: 'Won',
      eventType: 'document.posted',
      filter: { field: 'event.data.kind', op: 'eq', value: 'shipment' },
    },
    {
      name: 'Paid after shipment',
      stage: 'Won',
      eventType: 'payment.received',
      condition: { field: 'documents.postedKinds', op: 'contains', value: 'shipment' },
    },
  ],
  guards: [
    {
      name: 'Fully paid',
      stage: 'Won',
      condition: { field: 'item.paidAmount', op: 'gte', valueField: 'item.amount' },
      message: 'Payment is not 100 %',
    },
  ],
  robots: [
    {
      name: 'Information letter',
      stage: 'Info letter',
      action: {
        type: 'send_email',
        params: {
          to: 'contact',
          subject: 'Romashka Ltd: about {{ item.title }}',
          text:
            'Dear {{ contact.name }},\n\nthank you for your time on the phone. As promised, here is what ' +
            'Romashka Ltd can offer {{ contact.company }} for "{{ item.title }}" ' +
            '({{ item.amount | money: item.currency }}).\n\n{{ responsible.name }}\n{{ responsible.email }}',
          replyTo: '{{ responsible.email }}',
        },
      },
    },
    {
      name: 'Call the client back',
      stage: 'Info letter',
      action: {
        type: 'create_task',
        params: {
          title: 'Call the client back: {{ item.title }}',
          description: 'Ask {{ contact.name }} whether the information letter arrived.',
          deadline: { after: 'P1D', workingDays: true, at: '10:00' },
        },
      },
    },
    {
      name: 'Potential revenue from the quote',
      stage: 'Proposal',
      action: {
        type: 'update_fields',
        params: { set: { 'fields.potentialRevenue': { fromFact: 'event.data.amount' } } },
      },
    },
    {
      name: 'Tell the supervisor about a big deal',
      stage: 'Proposal',
      condition: { field: 'item.amount', op: 'gt', value: 100000 },
      action: {
        type: 'notify',
        params: {
          to: ['supervisor'],
          title: 'Big deal: {{ item.title }}',
          body: '{{ contact.company }} ({{ contact.name }}), {{ item.amount | money: item.currency }}',
        },
      },
    },
    {
      name: 'Follow-up call',
      stage: 'Proposal',
      action: {
        type: 'schedule_activity',
        params: {
          type: 'call',
          subject: 'Follow-up call: {{ item.title }}',
          due: { after: 'P1D', workingDays: true },
        },
      },
    },
    {
      name: 'Check the payment',
      stage: 'Invoice',
      action: { type: 'create_task', params: { title: 'Check the payment: {{ item.title }}' } },
    },
    {
      name: 'Close the robot tasks',
      stage: 'Won',
      action: { type: 'complete_tasks', params: { scope: 'item' } },
    },
  ],
  items: [
    {
      key: 's1-orbita-chairs',
      title: 'Orbita LLC: 120 office chairs',
      stage: 'Info letter',
      amount: '150000.00',
      currency: 'RUB',
      contact: 'vasily',
      responsible: 'dmitry',
    },
    {
      key: 's1-sever-desks',
      title: 'Sever Trade: 40 standing desks',
      moves: ['Proposal', 'Invoice'],
      amount: '480000.00',
      currency: 'RUB',
      contact: 'maria',
      responsible: 'anna',
    },
    {
      key: 's1-kvant-lockers',
      title: 'Kvant Engineering: workshop lockers',
      stage: 'Proposal',
      amount: '86500.50',
      currency: 'RUB',
      contact: 'pavel',
      responsible: 'anna',
    },
  ],
};
