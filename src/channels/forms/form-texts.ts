import type { Language } from '../../domain/localized.ts';

/** The fixed texts of a public form page, in the form's language. */
export interface FormTexts {
  readonly send: string;
  /** The default success message of a new form. */
  readonly thanks: string;
  readonly correctFields: string;
  readonly fillIn: string;
  readonly atMost: (characters: number) => string;
  readonly email: string;
  readonly phone: string;
  readonly number: string;
  readonly choose: string;
  readonly notFound: readonly [title: string, message: string];
  readonly tooMany: readonly [title: string, message: string];
  readonly expired: readonly [title: string, message: string];
  readonly notAccepted: readonly [title: string, message: string];
}

const ruCharacters = (n: number): string => {
  const last = n % 10;
  const lastTwo = n % 100;
  if (last === 1 && lastTwo !== 11) return 'символа';
  return 'символов';
};

export const FORM_TEXTS: Readonly<Record<Language, FormTexts>> = {
  en: {
    send: 'Send',
    thanks: 'Thank you! We have received your request and will be in touch soon.',
    correctFields: 'Please correct the fields marked below.',
    fillIn: 'Please fill in this field.',
    atMost: (n) => `At most ${n} characters.`,
    email: 'Please enter an email address.',
    phone: 'Please enter a phone number.',
    number: 'Please enter a number, e.g. 1500 or 1500.50.',
    choose: 'Please choose one of the options.',
    notFound: ['Form not found', 'This form does not exist or is closed.'],
    tooMany: ['Too many requests', 'Please wait a few minutes before sending this form again.'],
    expired: ['This page has expired', 'Please open the form again and send it from there.'],
    notAccepted: ['Not accepted', 'This request cannot be accepted at the moment.'],
  },
  ru: {
    send: 'Отправить',
    thanks: 'Спасибо! Мы получили вашу заявку и скоро свяжемся с вами.',
    correctFields: 'Исправьте, пожалуйста, отмеченные поля.',
    fillIn: 'Заполните это поле.',
    atMost: (n) => `Не более ${n} ${ruCharacters(n)}.`,
    email: 'Введите адрес электронной почты.',
    phone: 'Введите номер телефона.',
    number: 'Введите число, например 1500 или 1500,50.',
    choose: 'Выберите один из вариантов.',
    notFound: ['Форма не найдена', 'Такой формы нет или она закрыта.'],
    tooMany: ['Слишком много запросов', 'Подождите несколько минут, прежде чем отправить форму снова.'],
    expired: ['Страница устарела', 'Откройте форму заново и отправьте её оттуда.'],
    notAccepted: ['Не принято', 'Сейчас этот запрос не может быть принят.'],
  },
};
