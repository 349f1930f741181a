import type { ExamplePeople } from '../src/cli/workspace.ts';

/**
 * The sales team of Romashka Ltd, shared by every scenario. Olga heads sales, supervises both
 * managers, so "notify the supervisor" robots have someone to notify, and is the admin who signs
 * in to the demo (`npm start` prints her password); Dmitry is the senior manager that scenario S2
 * hands hot leads to; Irina in accounting only looks (viewer).
 */
/** The demo's admin, whose fresh password `npm start` prints. */
export const DEMO_ADMIN_EMAIL = 'olga.smirnova@romashka.example';

export const people: ExamplePeople = {
  users: [
    {
      key: 'olga',
      name: 'Olga Smirnova',
      email: 'olga.smirnova@romashka.example',
      role: 'admin',
      department: 'Sales',
      timeZone: 'Europe/Moscow',
    },
    {
      key: 'dmitry',
      name: 'Dmitry Volkov',
      email: 'dmitry.volkov@romashka.example',
      role: 'manager',
      supervisor: 'olga',
      department: 'Sales',
      timeZone: 'Europe/Moscow',
    },
    {
      key: 'anna',
      name: 'Anna Kuznetsova',
      email: 'anna.kuznetsova@romashka.example',
      role: 'manager',
      supervisor: 'olga',
      department: 'Sales',
      timeZone: 'Asia/Yekaterinburg',
    },
    {
      key: 'irina',
      name: 'Irina Belova',
      email: 'irina.belova@romashka.example',
      role: 'viewer',
      department: 'Accounting',
      timeZone: 'Europe/Moscow',
    },
  ],
  contacts: [
    {
      key: 'vasily',
      name: 'Vasily Orlov',
      company: 'Orbita LLC',
      emails: ['v.orlov@orbita.example'],
      phones: ['+7 495 123-45-67'],
      responsible: 'dmitry',
    },
    {
      key: 'maria',
      name: 'Maria Lebedeva',
      company: 'Sever Trade',
      emails: ['maria@severtrade.example'],
      phones: ['+7 812 555-01-02'],
      responsible: 'anna',
    },
  ],
};
