import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashes: node:crypto's scrypt with a random 16-byte salt per hash, stored as
 * `scrypt$N$r$p$saltB64$hashB64` so that stronger parameters can come later without breaking the
 * hashes already stored. Hashing costs about 16 MiB and tens of milliseconds of CPU, off the
 * event loop (libuv's thread pool).
 */
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 64;
const SALT_LENGTH = 16;
/** Largest N accepted from a stored hash, so a forged row cannot make a check cost gigabytes. */
const MAX_N = 1 << 20;

/** Passwords are 10 to 200 characters (Unicode code points). */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

function derive(password: string, salt: Buffer, n: number, r: number, p: number, length: number) {
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      length,
      { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 },
      (error, key) => (error === null ? resolve(key) : reject(error)),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, N, R, P, KEY_LENGTH);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Whether `password` matches `stored`; a malformed stored hash matches nothing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || rest.length > 0 || salt === undefined || hash === undefined) return false;
  const cost = Number(n);
  const blockSize = Number(r);
  const parallel = Number(p);
  const expected = Buffer.from(hash, 'base64');
  if (
    !Number.isInteger(cost) ||
    cost < 2 ||
    cost > MAX_N ||
    !Number.isInteger(blockSize) ||
    blockSize < 1 ||
    blockSize > 32 ||
    !Number.isInteger(parallel) ||
    parallel < 1 ||
    parallel > 16 ||
    expected.length < 16
  ) {
    return false;
  }
  const actual = await derive(
    password,
    Buffer.from(salt, 'base64'),
    cost,
    blockSize,
    parallel,
    expected.length,
  );
  return timingSafeEqual(actual, expected);
}

/**
 * A hash of a random password nobody knows, with the parameters of real hashes: checking against
 * it costs what checking a real password costs, from the first request on.
 */
const NOBODY_HASH =
  'scrypt$16384$8$1$nocosOv/okrzd1jFFcThAQ==$EDyfzjy96315uEwRafFfgXS5Wjbi7PLyn+ri8CEJvRPhUdYVZrXIuFFjYXIxrUexUfTnjsOqP+uUK5PdpBw4FQ==';

/**
 * Spends what checking a real password spends, for an email that has no password (or no user), so
 * the time of the answer does not tell which emails exist.
 */
export async function spendPasswordCheck(password: string): Promise<void> {
  await verifyPassword(password, NOBODY_HASH);
}

/** The length rule, counted in characters as a person counts them, not UTF-16 units. */
export function passwordLengthProblem(password: string): string | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  return undefined;
}
