/** A text in the languages of the UI (English and Russian), e.g. a catalogue description. */
export interface Localized {
  readonly en: string;
  readonly ru: string;
}
