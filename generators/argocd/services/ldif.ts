/** The directory tree OpenLDAP is seeded with, as LDIF files: root, organisational units, users, groups. */
import type { Model } from '../../../src/model/types.ts';

/** Where the seed holds the bind user's password hash until the pod's init container fills it in. */
export const BIND_PASSWORD_PLACEHOLDER = '%%AUTHELIA_BIND_PASSWORD_HASH%%';

/**
 * One LDIF attribute line: plain when the value is a SAFE-STRING, base64 (`attr:: …`) otherwise.
 * @see https://www.rfc-editor.org/rfc/rfc2849 (SAFE-STRING)
 */
export function ldifLine(attr: string, value: string): string {
  const safe = /^[\x01-\x09\x0B-\x0C\x0E-\x1F\x21-\x39\x3B\x3D-\x7F][\x01-\x09\x0B-\x0C\x0E-\x7F]*$/.test(value) && !value.endsWith(' ');
  return safe ? `${attr}: ${value}` : `${attr}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

const entry = (lines: string[]): string => lines.join('\n');

/** `sn` of a person: the last word of the display name. */
const surname = (displayName: string): string => displayName.trim().split(/\s+/).pop() ?? displayName;

/** The object classes and naming attribute of the root entry, by the type of its first RDN. */
function rootClasses(attr: string, value: string, lab: string): string[] {
  switch (attr) {
    case 'dc': return ['objectClass: dcObject', 'objectClass: organization', ldifLine('dc', value), ldifLine('o', lab)];
    case 'o': return ['objectClass: organization', ldifLine('o', value)];
    case 'ou': return ['objectClass: organizationalUnit', ldifLine('ou', value)];
    case 'c': return ['objectClass: country', ldifLine('c', value)];
    default: return ['objectClass: extensibleObject', ldifLine(attr, value)];
  }
}

/**
 * The seed, file name → LDIF, loaded by the image in name order on the directory's first start
 * (custom LDIF files replace its default tree and demo users). Users carry no password: each
 * sets one through Authelia's reset-password flow. A group with no member yet lists the admin DN,
 * as groupOfNames needs one member.
 * @see https://github.com/jp-gouin/helm-openldap/blob/v4.3.3/values.yaml (customLdifFiles)
 */
export function directoryTree(m: Model, bindDn: string | undefined): Record<string, string> {
  const d = m.services.directory;
  const base = d.baseDn;
  const [rdnAttr, rdnValue] = base.split(',')[0].split('=');
  const root = [ldifLine('dn', base), ...rootClasses(rdnAttr.toLowerCase(), rdnValue, m.name)];
  const ou = (name: string) => entry([ldifLine('dn', `ou=${name},${base}`), 'objectClass: organizationalUnit', `ou: ${name}`]);
  const files: Record<string, string> = {
    '00-root.ldif': entry(root),
    '01-units.ldif': ['users', 'groups', 'services'].map(ou).join('\n\n'),
  };
  if (bindDn) {
    files['02-services.ldif'] = entry([
      ldifLine('dn', bindDn), 'objectClass: organizationalRole', 'objectClass: simpleSecurityObject', 'cn: authelia',
      'description: Authelia reads the directory and resets passwords as this user', `userPassword: ${BIND_PASSWORD_PLACEHOLDER}`,
    ]);
  }
  if (d.users.length) {
    files['03-users.ldif'] = d.users.map((u) => entry([
      ldifLine('dn', `uid=${u.name},ou=users,${base}`), 'objectClass: inetOrgPerson', `uid: ${u.name}`,
      ldifLine('cn', u.displayName), ldifLine('sn', surname(u.displayName)), ldifLine('displayName', u.displayName), ldifLine('mail', u.email),
    ])).join('\n\n');
  }
  if (d.groups.length) {
    files['04-groups.ldif'] = d.groups.map((g) => entry([
      ldifLine('dn', `cn=${g.name},ou=groups,${base}`), 'objectClass: groupOfNames', `cn: ${g.name}`,
      ...(g.description !== undefined ? [ldifLine('description', g.description)] : []),
      ...(g.members.length ? g.members.map((u) => ldifLine('member', `uid=${u},ou=users,${base}`)) : [ldifLine('member', `cn=admin,${base}`)]),
    ])).join('\n\n');
  }
  return files;
}

/**
 * The spec's current directory as an LDIF of modifications, applied on every sync after the seed:
 * each user's names and mail, each group's members, and the bind user's password (from Vault, so
 * a rotated one reaches the directory). Users and groups no longer in the spec are left alone.
 * @see https://www.rfc-editor.org/rfc/rfc2849 (changetype: modify)
 */
export function directoryUpdate(m: Model, bindDn: string | undefined): string {
  const d = m.services.directory;
  const base = d.baseDn;
  const replace = (attr: string, values: string[]) => [`replace: ${attr}`, ...values.map((v) => ldifLine(attr, v)), '-'];
  const mod = (dn: string, lines: string[]) => entry([ldifLine('dn', dn), 'changetype: modify', ...lines]);
  return [
    ...(bindDn ? [mod(bindDn, replace('userPassword', [BIND_PASSWORD_PLACEHOLDER]))] : []),
    ...d.users.map((u) => mod(`uid=${u.name},ou=users,${base}`, [
      ...replace('cn', [u.displayName]), ...replace('sn', [surname(u.displayName)]), ...replace('displayName', [u.displayName]), ...replace('mail', [u.email]),
    ])),
    ...d.groups.map((g) => mod(`cn=${g.name},ou=groups,${base}`,
      replace('member', g.members.length ? g.members.map((u) => `uid=${u},ou=users,${base}`) : [`cn=admin,${base}`]))),
  ].join('\n\n');
}
