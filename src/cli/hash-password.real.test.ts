import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hashPassword } from './hash-password.ts';

/** pfSense checks the admin password with PHP's password_verify: the hash must pass it. */
describe('homelab hash-password with PHP', () => {
  it('password_verify accepts the hash for the right password only', () => {
    const hash = hashPassword('pf$ense "admin" ü');
    const verify = (pw: string) =>
      spawnSync('php', ['-r', 'echo password_verify($argv[1], $argv[2]) ? "yes" : "no";', '--', pw, hash], { encoding: 'utf8' });
    const right = verify('pf$ense "admin" ü');
    expect(right.error, 'php-cli is needed (apt-get install php-cli)').toBeUndefined();
    expect(right.stdout).toBe('yes');
    expect(verify('pfsense').stdout).toBe('no');
  });
});
