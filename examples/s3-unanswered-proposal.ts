import type { ExampleScenario } from '../src/cli/workspace.ts';

/**
 * S3: a proposal nobody answers. Sending the proposal moves the deal to "Proposal sent"; three
 * days of silence move it to "Needs follow-up", an answer moves it to "Negotiation" instead.
 */
export const s3UnansweredProposal: ExampleScenario = {
  key: 's3',
  title: 'A proposal nobody answers',
  description:
    'Deals move on by themselves: an outgoing proposal email, three days without an answer, a ' +
    'reply from the client, a payment for the full amount.',
  contacts: [
    {
      key: 'peter',
      name: 'Peter Novak',
      company: 'Nordlicht GmbH',
      emails: ['peter.novak@nordlicht.example'],
      phones: ['+49 30 1234 5678'],
      responsible: 'anna',
    },
  ],
  pipeline: {
    name: 'Deals',
    entityType: 'deal',
    stages: [
      { name: 'New', color: '#9aa5b1' },
      { name: 'Proposal sent', color: '#4f8fe6' },
      { name: 'Needs follow-up', color: '#e6a23c' },
      { name: 'Negotiation', color: '#7c5ce6' },
      { name: 'Won', semantics: 'won', color: '#2fb86b' },
      { name: 'Lost', semantics: 'lost', color: '#d9534f' },
    ],
  },
  triggers: [
    {
      name: 'Proposal emailed',
      stage: 'Proposal sent',
      eventType: 'email.sent',
      filter: { field: 'event.data.subject', op: 'contains', value: 'proposal' },
    },
    { name: 'The client answered', stage: 'Negotiation', eventType: 'email.received' },
    {
      name: 'Paid in full',
      stage: 'Won',
      eventType: 'payment.received',
      condition: { field: 'item.paidAmount', op: 'gte', valueField: 'item.amount' },
    },
  ],
  robots: [
    {
      name: 'Three days without an answer',
      stage: 'Proposal sent',
      timing: { kind: 'after', duration: 'PT72H' },
      action: { type: 'move_to_stage', params: { stageId: { stage: 'Needs follow-up' } } },
    },
    {
      name: 'Tell the manager',
      stage: 'Needs follow-up',
      action: {
        type: 'notify',
        params: {
          to: ['responsible'],
          title: 'No answer: {{ item.title }}',
          body: '{{ contact.name }} has not answered the proposal for three days.',
        },
      },
    },
  ],
  items: [
    {
      key: 's3-nordlicht-licence',
      title: 'Nordlicht GmbH: annual licence',
      moves: ['Proposal sent'],
      amount: '12000.00',
      currency: 'EUR',
      contact: 'peter',
      responsible: 'anna',
    },
    {
      key: 's3-orbita-service',
      title: 'Orbita LLC: service contract',
      amount: '36000.00',
      currency: 'RUB',
      contact: 'vasily',
      responsible: 'dmitry',
    },
  ],
};
