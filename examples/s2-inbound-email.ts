import type { ExampleScenario } from '../src/cli/workspace.ts';

/**
 * S2: an email from an unknown person becomes a contact and a lead (a Bitrix24-style setup); a
 * call moves the lead to "Call" and hands it to the senior manager; the web form qualifies it.
 */
export const s2InboundEmail: ExampleScenario = {
  key: 's2',
  title: 'Incoming email from an unknown person',
  description:
    'Leads arrive by email in "Not processed", move to "Call" when the client calls and to ' +
    '"Qualified" when the "Request a quote" form is filled in.',
  contacts: [
    {
      key: 'elena',
      name: 'Elena Sokolova',
      emails: ['elena.sokolova@mail.example'],
      phones: ['+7 916 000-11-22'],
    },
    {
      key: 'sokol',
      name: 'Grigory Sokolov',
      company: 'Sokol Group',
      emails: ['info@sokolgroup.example'],
      responsible: 'dmitry',
    },
  ],
  pipeline: {
    name: 'Leads',
    entityType: 'lead',
    // An email from an unknown sender becomes a contact and a lead here (POST /api/v1/inbound/email).
    settings: { inbound: { createLeads: true } },
    stages: [
      { name: 'Not processed', color: '#9aa5b1' },
      { name: 'Call', color: '#e6a23c' },
      { name: 'Qualified', semantics: 'won', color: '#2fb86b' },
      { name: 'Junk', semantics: 'lost', color: '#d9534f' },
    ],
  },
  triggers: [
    { name: 'The client called', stage: 'Call', eventType: 'call.incoming' },
    { name: 'Quote request form', stage: 'Qualified', eventType: 'form.submitted' },
  ],
  robots: [
    {
      name: 'Plan a call',
      stage: 'Not processed',
      action: {
        type: 'schedule_activity',
        params: { type: 'call', subject: 'Call the new lead: {{ item.title }}', due: { after: 'PT2H' } },
      },
    },
    {
      name: 'Hand over to the senior manager',
      stage: 'Call',
      action: { type: 'change_responsible', params: { to: { user: 'dmitry' } } },
    },
    {
      name: 'Note the call',
      stage: 'Call',
      action: {
        type: 'add_timeline_entry',
        params: { text: '{{ contact.name }} called before we did; the lead goes to the senior manager.' },
      },
    },
  ],
  items: [
    {
      key: 's2-elena-request',
      title: 'Email from elena.sokolova@mail.example: price list request',
      contact: 'elena',
      responsible: 'anna',
    },
    {
      key: 's2-sokol-callback',
      title: 'Sokol Group: called back about delivery terms',
      moves: ['Call'],
      contact: 'sokol',
      responsible: 'dmitry',
    },
  ],
};
