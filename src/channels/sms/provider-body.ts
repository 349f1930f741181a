/**
 * The body of a generic SMS provider's request, from the SMS_PROVIDER_BODY setting: `{{to}}` and
 * `{{text}}` are replaced by the values JSON-escaped without their quotes, so
 * `{"phone":"{{to}}","message":"{{text}}"}` stays valid JSON whatever the text holds. Nothing else
 * is interpreted: it is configuration, not a template language.
 */
export function renderProviderBody(template: string, values: { to: string; text: string }): string {
  return template.replace(/\{\{\s*(to|text)\s*\}\}/g, (_match, name: 'to' | 'text') =>
    JSON.stringify(values[name]).slice(1, -1),
  );
}
