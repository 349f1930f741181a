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
