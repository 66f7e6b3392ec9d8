import bcrypt from 'bcryptjs';

/** Cost of the hash: 2^12 rounds, a fraction of a second here, as OWASP recommends at least 10. */
export const BCRYPT_COST = 12;

/**
 * A bcrypt hash for `pfsense.adminPasswordHash`. PHP's password_verify, which pfSense uses,
 * reads `$2y$`; bcryptjs writes `$2b$`, the same algorithm under another name.
 */
/** Shortest password accepted: an admin password guards the whole network. */
export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string, cost = BCRYPT_COST): string {
  if (password.length === 0) throw new Error('the password is empty');
  if (password === 'pfsense') throw new Error("that is pfSense's factory password; choose another");
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new Error(`the password is shorter than ${MIN_PASSWORD_LENGTH} characters; a few words make one that is easy to type and hard to guess`);
  }
  if (Buffer.byteLength(password, 'utf8') > 72) throw new Error('bcrypt uses only the first 72 bytes of a password; choose a shorter one');
  return bcrypt.hashSync(password, cost).replace(/^\$2[ab]\$/, '$2y$');
}

/** True when `password` matches `hash`, for tests and the curious. */
export const verifyPassword = (password: string, hash: string): boolean => bcrypt.compareSync(password, hash.replace(/^\$2y\$/, '$2b$'));
