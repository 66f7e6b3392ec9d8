import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/cli/hash-password.ts';
import { FACTORY_ADMIN_HASHES } from '../../src/model/resolve.ts';
import { adminHash } from './invariants.test-support.ts';
import { configOf, passwordLabs } from './password-labs.test-support.ts';

// PHP's password_verify, which pfSense's auth.inc uses to check a local user's password
// against <bcrypt-hash>. Needs php-cli.
const verify = (password: string, hash: string): boolean =>
  execFileSync('php', ['-r', 'echo password_verify($argv[1], $argv[2]) ? "yes" : "no";', password, hash], { encoding: 'utf8' }) === 'yes';

describe('no generated config.xml lets admin in with "pfsense" (PHP password_verify)', () => {
  it.each(passwordLabs())('%s', (_, getModel) => {
    expect(verify('pfsense', adminHash(configOf(getModel())))).toBe(false);
  });

  it('the check itself: PHP verifies the factory hash with "pfsense", and a hash-password hash with its password', () => {
    for (const h of FACTORY_ADMIN_HASHES) expect(verify('pfsense', h)).toBe(true);
    expect(verify('correct horse', hashPassword('correct horse', 4))).toBe(true);
  });
});
