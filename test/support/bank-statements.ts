/** Bank statement files for tests, as banks write them. */

/** Windows-1251 bytes of a text in ASCII, Cyrillic, Ё/ё and №: enough for statements. */
export function windows1251(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else if (code >= 0x410 && code <= 0x44f) bytes.push(code - 0x410 + 0xc0);
    else if (char === 'Ё') bytes.push(0xa8);
    else if (char === 'ё') bytes.push(0xb8);
    else if (char === '№') bytes.push(0xb9);
    else throw new Error(`no Windows-1251 byte for ${char}`);
  }
  return Uint8Array.from(bytes);
}

export interface SamplePayment {
  readonly number: string;
  readonly date?: string;
  readonly amount: string;
  readonly payerInn?: string;
  readonly payerAccount?: string;
  readonly payerName?: string;
  readonly recipientAccount?: string;
  readonly purpose: string;
}

/** Our account in the samples. */
export const OWN_ACCOUNT = '40702810900000000001';

/** A statement of OWN_ACCOUNT with these payment orders, lines joined with CRLF as 1C writes them. */
export function statementText(payments: readonly SamplePayment[], encoding = 'Windows'): string {
  const lines = [
    '1CClientBankExchange',
    'ВерсияФормата=1.03',
    `Кодировка=${encoding}`,
    'Отправитель=Бухгалтерия предприятия',
    'Получатель=',
    'ДатаСоздания=05.03.2026',
    'ВремяСоздания=10:15:00',
    'ДатаНачала=01.03.2026',
    'ДатаКонца=05.03.2026',
    `РасчСчет=${OWN_ACCOUNT}`,
    'Документ=Платежное поручение',
    'СекцияРасчСчет',
    'ДатаНачала=01.03.2026',
    'ДатаКонца=05.03.2026',
    `РасчСчет=${OWN_ACCOUNT}`,
    'НачальныйОстаток=100000.00',
    'КонецРасчСчет',
  ];
  for (const payment of payments) {
    lines.push(
      'СекцияДокумент=Платежное поручение',
      `Номер=${payment.number}`,
      `Дата=${payment.date ?? '03.03.2026'}`,
      `Сумма=${payment.amount}`,
      `ПлательщикСчет=${payment.payerAccount ?? '40702810500000000777'}`,
      `Плательщик=ИНН ${payment.payerInn ?? '7701234567'} ${payment.payerName ?? 'ООО "Ромашка"'}`,
      `ПлательщикИНН=${payment.payerInn ?? '7701234567'}`,
      `Плательщик1=${payment.payerName ?? 'ООО "Ромашка"'}`,
      `ПолучательСчет=${payment.recipientAccount ?? OWN_ACCOUNT}`,
      'ПолучательИНН=7709876543',
      'Получатель1=ООО "Стейджфлоу"',
      'ДатаПоступило=03.03.2026',
      'ВидОплаты=01',
      'Очередность=5',
      `НазначениеПлатежа=${payment.purpose}`,
      'КонецДокумента',
    );
  }
  lines.push('КонецФайла', '');
  return lines.join('\r\n');
}
