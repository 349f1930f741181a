/**
 * The templates shipped for the kinds quote, invoice, contract and act, in English and Russian,
 * so documents can be made with no setup. They are Liquid over the document's facts (see
 * document-facts.ts) and produce the HTML subset the PDF renderer reads: h1-h3, p, table rows of
 * th/td, ul/li, strong/b, em/i and br.
 */

export const DOCUMENT_LANGUAGES = ['en', 'ru'] as const;
export type DocumentLanguage = (typeof DOCUMENT_LANGUAGES)[number];

/** The kinds with a shipped template. Any other kind is written with the generic one. */
export const TEMPLATE_KINDS = ['quote', 'invoice', 'contract', 'act'] as const;

interface Wording {
  readonly title: Readonly<Record<string, string>>;
  readonly generic: string;
  readonly date: string;
  readonly customer: string;
  readonly subject: string;
  readonly line: string;
  readonly quantity: string;
  readonly price: string;
  readonly amount: string;
  readonly total: string;
  readonly closing: Readonly<Record<string, string>>;
}

const WORDING: Readonly<Record<DocumentLanguage, Wording>> = {
  en: {
    title: { quote: 'Quote', invoice: 'Invoice', contract: 'Contract', act: 'Act of acceptance' },
    generic: 'Document',
    date: 'Date',
    customer: 'Customer',
    subject: 'Subject',
    line: 'Item',
    quantity: 'Qty',
    price: 'Price',
    amount: 'Amount',
    total: 'Total',
    closing: {
      quote: 'This quote is valid for 30 days.',
      invoice: 'Please pay within 5 working days, quoting the invoice number.',
      contract: 'The parties agree to the supply of the items above for the total stated.',
      act: 'The work above has been done in full; the customer has no claims.',
    },
  },
  ru: {
    title: {
      quote: 'Коммерческое предложение',
      invoice: 'Счёт на оплату',
      contract: 'Договор',
      act: 'Акт выполненных работ',
    },
    generic: 'Документ',
    date: 'Дата',
    customer: 'Заказчик',
    subject: 'Предмет',
    line: 'Наименование',
    quantity: 'Кол-во',
    price: 'Цена',
    amount: 'Сумма',
    total: 'Итого',
    closing: {
      quote: 'Предложение действительно 30 дней.',
      invoice: 'Оплатить в течение 5 рабочих дней, указав номер счёта.',
      contract: 'Стороны договорились о поставке перечисленного на указанную сумму.',
      act: 'Работы выполнены полностью, заказчик претензий не имеет.',
    },
  },
};

/** The title of a kind in a language ("Invoice", "Счёт на оплату"); other kinds: "Document". */
export function kindTitle(kind: string, language: DocumentLanguage): string {
  const wording = WORDING[language];
  return wording.title[kind] ?? wording.generic;
}

/** The shipped template of a kind in a language. */
export function defaultTemplate(kind: string, language: DocumentLanguage): string {
  const w = WORDING[language];
  const closing = w.closing[kind];
  return [
    `<h1>${kindTitle(kind, language)} № {{ number }}</h1>`,
    `<p>${w.date}: {{ date }}</p>`,
    `<p>${w.customer}: {% if contact %}{{ contact.name }}{% if contact.company %}, {{ contact.company }}{% endif %}{% else %}—{% endif %}</p>`,
    `<p>${w.subject}: {{ item.title }}</p>`,
    '<table>',
    `<tr><th>${w.line}</th><th>${w.quantity}</th><th>${w.price}</th><th>${w.amount}</th></tr>`,
    '{% for line in lines %}<tr><td>{{ line.name }}</td><td>{{ line.quantity }}</td><td>{{ line.price | money }}</td><td>{{ line.amount | money }}</td></tr>{% endfor %}',
    `<tr><th>${w.total}</th><th></th><th></th><th>{{ amount | money: currency }}</th></tr>`,
    '</table>',
    ...(closing === undefined ? [] : [`<p>${closing}</p>`]),
  ].join('\n');
}
