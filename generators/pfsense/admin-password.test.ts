import { describe, expect, it } from 'vitest';
import { model } from '../../src/compile.ts';
import { FACTORY_ADMIN_HASHES } from '../../src/model/resolve.ts';
import { minimalSpec } from '../../test/helpers.ts';
import { adminHash, verifiesFactoryPassword } from './invariants.test-support.ts';
import { configOf, passwordLabs } from './password-labs.test-support.ts';

describe('no generated config.xml lets admin in with "pfsense" (bcryptjs)', () => {
  it.each(passwordLabs(true))('%s', (_, getModel) => {
    const m = getModel();
    const hash = adminHash(configOf(m));
    expect(hash).toBe(m.pfsense.adminPasswordHash);
    expect(verifiesFactoryPassword(hash)).toBe(false);
  });

  it('the check itself: the factory hash does verify "pfsense"', () => {
    for (const h of FACTORY_ADMIN_HASHES) expect(verifiesFactoryPassword(h)).toBe(true);
  });

  it('refuses the factory hash (HL2050) and a missing hash (HL1002 at "pfsense:", with the command to run)', () => {
    const spec = minimalSpec();
    const factory = model({ spec: 'homelab.yaml', text: spec.replace(/adminPasswordHash: .*/, `adminPasswordHash: "${FACTORY_ADMIN_HASHES[0]}"`) });
    expect(factory.model).toBeUndefined();
    expect(factory.diagnostics).toMatchObject([{ code: 'HL2050', pointer: '/pfsense/adminPasswordHash' }]);
    const missing = model({ spec: 'homelab.yaml', text: spec.replace(/\n  adminPasswordHash: .*/, '\n  hostname: fw') });
    const line = spec.split('\n').indexOf('pfsense:') + 1;
    expect(missing.diagnostics).toMatchObject([{ code: 'HL1002', line, col: 1 }]);
    expect(missing.diagnostics[0].hint).toMatch(/homelab hash-password/);
    const absent = model({ spec: 'homelab.yaml', text: spec.replace(/\npfsense:\n(  .*\n)+/, '\n') });
    expect(absent.diagnostics).toMatchObject([{ code: 'HL1002' }]);
    expect(absent.diagnostics[0].hint).toMatch(/homelab hash-password/);
  });
});
