import { describe, expect, it } from 'vitest';
import { run } from './run.ts';
import { hashPassword, verifyPassword } from './hash-password.ts';
import { schema } from '../validate/schema.ts';

describe('homelab hash-password', () => {
  it('prints a $2y$ bcrypt hash that verifies and fits pfsense.adminPasswordHash', async () => {
    let out = '';
    const code = await run(['hash-password'], { stdout: (s) => void (out += s), stderr: () => {}, cwd: '.', env: {}, isTTY: false, readSecret: async () => 'correct horse' });
    expect(code).toBe(0);
    const hash = out.trim();
    expect(hash).toMatch(/^\$2y\$12\$/);
    expect(verifyPassword('correct horse', hash)).toBe(true);
    expect(verifyPassword('wrong horse', hash)).toBe(false);
    const pattern = ((schema.definitions as Record<string, { properties: Record<string, { pattern: string }> }>).pfsense.properties.adminPasswordHash.pattern);
    expect(hash).toMatch(new RegExp(pattern));
    expect(out).not.toContain('correct horse');
  });

  it("refuses an empty password, pfSense's factory one, and one bcrypt would truncate", async () => {
    expect(() => hashPassword('')).toThrow();
    expect(() => hashPassword('x'.repeat(73))).toThrow(/72 bytes/);
    expect(() => hashPassword('pfsense')).toThrow(/factory password/);
    let err = '';
    const code = await run(['hash-password'], { stdout: () => {}, stderr: (s) => void (err += s), cwd: '.', env: {}, isTTY: false, readSecret: async () => '' });
    expect(code).toBe(1);
    expect(err).toContain('empty');
  });

  it('refuses a password shorter than 12 characters', async () => {
    expect(() => hashPassword('x')).toThrow(/12 characters/);
    expect(() => hashPassword('elevenchars')).toThrow(/12 characters/);
    expect(hashPassword('twelve chars', 4)).toMatch(/^\$2y\$04\$/);
  });

  it('at a terminal, asks twice and prints nothing when the two differ', async () => {
    const answers = (...a: string[]) => async () => a.shift()!;
    let out = '';
    let err = '';
    const io = (readSecret: () => Promise<string>) => ({ stdout: (s: string) => void (out += s), stderr: (s: string) => void (err += s), cwd: '.', env: {}, isTTY: true, interactive: true, readSecret });
    expect(await run(['hash-password'], io(answers('correct horse battery', 'correct horse batery')))).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('differ');
    expect(await run(['hash-password'], io(answers('correct horse battery', 'correct horse battery')))).toBe(0);
    expect(verifyPassword('correct horse battery', out.trim())).toBe(true);
  });
});
