import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { model } from '../src/compile.ts';
import { referenceModel, referenceSpec } from './helpers.ts';

/** The reference lab, edited; its own quorum warning (HL2040, two servers on one host) left out. */
const edit = (f: (s: Record<string, any>) => void) => {
  const s = parse(referenceSpec());
  f(s);
  const r = model({ spec: 'homelab.yaml', text: stringify(s) });
  return { ...r, diagnostics: r.diagnostics.filter((d) => d.code !== 'HL2040') };
};

describe('the directory and access by group, in the model', () => {
  it('resolves users (display name defaulted, groups sorted) and each group\'s members', () => {
    const d = referenceModel().services.directory;
    expect(d.users.map((u) => [u.name, u.groups.join(',')])).toEqual([['ops', 'admins,family'], ['alex', 'family']]);
    expect(d.groups.map((g) => [g.name, g.members.join(',')])).toEqual([['admins', 'ops'], ['family', 'alex,ops']]);
    const r = edit((s) => { s.services.directory.users.push({ name: 'kim', email: 'kim@example.org' }, { name: 'lee', email: 'lee@example.org', displayName: '  ' }); });
    expect(r.model!.services.directory.users.slice(-2)).toMatchObject([{ name: 'kim', displayName: 'kim', groups: [] }, { name: 'lee', displayName: 'lee' }]);
  });

  it('gives an app route its groups, and a policy-only access none', () => {
    const m = referenceModel();
    expect(m.routes.find((r) => r.name === 'home-assistant')).toMatchObject({ access: 'two_factor', groups: ['admins', 'family'] });
    expect(m.routes.find((r) => r.name === 'vaultwarden')).toMatchObject({ access: 'bypass', groups: [] });
  });

  it('warns, without failing, when groups are named but nobody checks them (sign-on off)', () => {
    const r = edit((s) => { s.services.sso.enabled = false; });
    expect(r.model).toBeDefined();
    expect(r.diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'HL2083', severity: 'warning' })]));
  });

  it('warns when Home Assistant\'s onboarding is open to anyone (bypass)', () => {
    const r = edit((s) => { s.apps[2].access = 'bypass'; });
    expect(r.model).toBeDefined();
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'HL2085', severity: 'warning' })]);
    expect(edit(() => {}).diagnostics).toEqual([]);
  });

  it('Vault off: an error for the core services that read from it, a warning for a catalog app', () => {
    const apps = edit((s) => {
      for (const k of ['directory', 'sso', 'secrets', 'discovery', 'logging', 'backups']) s.services[k].enabled = false;
      for (const a of s.apps) { delete a.secrets; a.access = 'two_factor'; }
    });
    expect(apps.model).toBeDefined();
    expect(apps.diagnostics.map((d) => `${d.code} ${d.severity} ${d.pointer}`)).toEqual(['HL2084 warning /apps/0/catalog', 'HL2084 warning /apps/1/catalog']);
    const core = edit((s) => { s.services.secrets.enabled = false; for (const a of s.apps) delete a.secrets; });
    expect(core.diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'HL2084', severity: 'error', pointer: '/services/secrets/enabled' })]));
  });

  it.each([
    ['an unknown group in an access', (s: any) => { s.apps[1].access.groups = ['admin']; }, 'HL2080'],
    ['an unknown group of a user', (s: any) => { s.services.directory.users[1].groups = ['famliy']; }, 'HL2081'],
    ['a duplicate group', (s: any) => { s.services.directory.groups.push({ name: 'admins' }); }, 'HL2082'],
  ])('%s is an error', (_, f, code) => {
    const r = edit(f);
    expect(r.diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ code, severity: 'error' })]));
  });
});
