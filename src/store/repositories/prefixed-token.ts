import { randomBytes } from 'node:crypto';

/**
 * A bearer token that says what it opens by its prefix (`sfv_` a visitor, `sfd_` a shared
 * document), with 256 random bits after it. Only its hash is stored.
 */
export const newPrefixedToken = (prefix: string): string =>
  `${prefix}${randomBytes(32).toString('base64url')}`;
