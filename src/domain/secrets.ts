/**
 * Secrets in stored configuration (a robot's `send_webhook` signing secret, an `Authorization`
 * header it sends) are write-only: the answer that creates them echoes what the caller sent, every
 * later answer shows SECRET_MASK instead. An update that sends the mask back keeps the stored value,
 * so a client can round-trip what it read without knowing the secret.
 *
 * Secrets are found by name, not by action type, so a parameter added later under one of these
 * names is masked without anyone remembering to list it.
 */
export const SECRET_MASK = '********';

/** Parameter names whose value is a credential. Compared in lower case, without `-` and `_`. */
const SECRET_NAMES: ReadonlySet<string> = new Set([
  'secret',
  'password',
  'token',
  'apikey',
  'accesstoken',
  'authorization',
  'proxyauthorization',
  'cookie',
  'xapikey',
  'xauthtoken',
]);

/** Objects whose members are HTTP headers: any member named like a credential is one. */
const HEADER_GROUPS: ReadonlySet<string> = new Set(['headers']);

const normalise = (name: string): string => name.toLowerCase().replace(/[-_]/g, '');

export const isSecretName = (name: string): boolean => SECRET_NAMES.has(normalise(name));

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A copy of an action's params with every secret replaced by SECRET_MASK. */
export function maskSecrets(params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const masked: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (isSecretName(name) && typeof value === 'string') masked[name] = SECRET_MASK;
    else if (HEADER_GROUPS.has(name) && isRecord(value)) masked[name] = maskSecrets(value);
    else masked[name] = value;
  }
  return masked;
}

/**
 * New params where every secret given as SECRET_MASK takes the stored value at the same place.
 * A mask with nothing stored behind it stays as it is, so the params' own validation refuses it.
 */
export function keepMaskedSecrets(
  next: Readonly<Record<string, unknown>>,
  stored: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(next)) {
    const before = stored[name];
    if (isSecretName(name) && value === SECRET_MASK && typeof before === 'string') merged[name] = before;
    else if (HEADER_GROUPS.has(name) && isRecord(value) && isRecord(before))
      merged[name] = keepMaskedSecrets(value, before);
    else merged[name] = value;
  }
  return merged;
}
