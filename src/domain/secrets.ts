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

/** Query parameter names that carry credentials in URLs only (`?key=`, `?sig=`). */
const URL_SECRET_NAMES: ReadonlySet<string> = new Set(['key', 'sig', 'signature', 'auth', 'sfv']);

const decodedQueryName = (name: string): string => {
  try {
    return decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    return name;
  }
};

/**
 * A URL as records that others read may show it (a run's changes, its error): the user name and
 * password, and query parameters named like credentials (`?token=`, `?api_key=`), masked.
 */
export function maskUrlCredentials(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  let changed = false;
  if (parsed.username !== '' || parsed.password !== '') {
    parsed.username = SECRET_MASK;
    parsed.password = '';
    changed = true;
  }
  // Pair by pair rather than through searchParams, which would re-encode the mask and the rest.
  const pairs = parsed.search.slice(1).split('&');
  const masked = pairs.map((pair) => {
    const equals = pair.indexOf('=');
    const name = equals === -1 ? '' : decodedQueryName(pair.slice(0, equals));
    if (equals === -1 || !(isSecretName(name) || URL_SECRET_NAMES.has(normalise(name)))) return pair;
    changed = true;
    return `${pair.slice(0, equals)}=${SECRET_MASK}`;
  });
  if (parsed.search !== '') parsed.search = `?${masked.join('&')}`;
  return changed ? parsed.toString() : url;
}
