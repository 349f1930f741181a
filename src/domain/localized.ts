/** A text in the languages of the UI (English and Russian), e.g. a catalogue description. */
export interface Localized {
  readonly en: string;
  readonly ru: string;
}

/** The languages Stageflow speaks to people: the UI, public form pages. */
export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A stored language code read back; anything unknown is English. */
export const asLanguage = (value: string): Language => (value === 'ru' ? 'ru' : 'en');

/**
 * The language an Accept-Language header prefers among LANGUAGES, honouring q-values;
 * English when it names none of them.
 */
export function preferredLanguage(header: string | undefined): Language {
  let best: { language: Language; q: number } = { language: 'en', q: 0 };
  for (const part of (header ?? '').split(',')) {
    const [range = '', ...parameters] = part.trim().toLowerCase().split(';');
    const primary = range.split('-')[0];
    const q = Number(
      parameters
        .find((p) => p.trim().startsWith('q='))
        ?.trim()
        .slice(2) ?? '1',
    );
    const language = LANGUAGES.find((l) => l === primary);
    if (language !== undefined && Number.isFinite(q) && q > best.q) best = { language, q };
  }
  return best.language;
}
