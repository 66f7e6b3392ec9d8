/** Identity: the OpenLDAP directory and Authelia single sign-on in front of every web UI. */
import type { Model } from '../../../src/model/types.ts';
import { CHARTS, IMAGES } from '../charts.ts';
import { FORWARD_AUTH } from '../k8s.ts';
import { WAVE, configUnit, joinUnits, type Unit } from '../unit.ts';
import { AUTHELIA_VAULT_PATH, keysFrom, serviceRoute, storageClass, clusterSize, secretsOf } from './common.ts';
import { directoryTree, directoryUpdate, BIND_PASSWORD_PLACEHOLDER } from './ldif.ts';

const directoryAdminDn = (m: Model): string => `cn=admin,${m.services.directory.baseDn}`;
/** Authelia's own bind user: reads the tree, and writes only passwords (its reset flow). */
export const autheliaBindDn = (m: Model): string => `cn=authelia,ou=services,${m.services.directory.baseDn}`;
/** The Secret in `openldap` holding the bind user's password, hashed into the seed by an init container. */
const BIND_SECRET = 'openldap-bind';

/**
 * The directory's ACLs: the chart's defaults, plus Authelia's bind user reading everything and
 * writing passwords (reset flow); nobody else reads anything but their own entry.
 * @see https://github.com/jp-gouin/helm-openldap/blob/v4.3.3/templates/configmap-replication-acls.yaml
 */
function acls(m: Model): string {
  const admin = directoryAdminDn(m);
  const bind = autheliaBindDn(m);
  return [
    'dn: olcDatabase={2}mdb,cn=config',
    'changetype: modify',
    'replace: olcAccess',
    'olcAccess: {0}to * by dn.exact=gidNumber=0+uidNumber=1001,cn=peercred,cn=external,cn=auth manage by * break',
    `olcAccess: {1}to attrs=userPassword,shadowLastChange by self write by dn.exact="${admin}" write by dn.exact="${bind}" write by anonymous auth by * none`,
    `olcAccess: {2}to * by dn.exact="${admin}" write by dn.exact="${bind}" read by self read by * none`,
  ].join('\n');
}

/** A shell word for any text: single-quoted, a quote inside closed, escaped and reopened. */
const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The script of the directory Job: bind as the admin (fail if that fails), fill in the bind
 * user's password hash, add every seed entry that is missing (an existing one is "Already
 * exists (68)", any other error fails the Job), then apply the spec's current names, mail,
 * memberships and bind password.
 */
function directorySyncScript(m: Model, withBindUser: boolean): string {
  const url = 'ldap://openldap.openldap.svc.cluster.local:389';
  const auth = `-x -H ${url} -D ${shQuote(directoryAdminDn(m))} -y /tmp/admin-password`;
  return [
    'umask 077',
    'printf %s "$LDAP_ADMIN_PASSWORD" > /tmp/admin-password',
    `ldapwhoami ${auth}`,
    'cp /directory/*.ldif /tmp/',
    ...(withBindUser ? [`hash=$(slappasswd -T /bind/password)`, `sed -i "s|${BIND_PASSWORD_PLACEHOLDER}|$hash|" /tmp/*.ldif`] : []),
    'for f in /tmp/0*.ldif; do',
    `  if ! ldapadd -c ${auth} -f "$f" >/tmp/add.log 2>&1; then`,
    '    if grep -v -e "^adding new entry" -e "^ldap_add: Already exists (68)" -e "^$" /tmp/add.log | grep -q .; then cat /tmp/add.log; exit 1; fi',
    '  fi',
    'done',
    `ldapmodify ${auth} -f /tmp/update.ldif`,
  ].join('\n');
}

/**
 * Keeps the directory the spec's after its first start (the image loads the seed only then):
 * on every sync a Job adds missing entries and applies names, mail, memberships and the bind
 * user's password. Nothing is deleted: a user taken out of the spec is removed by hand.
 */
function directorySync(m: Model): Record<string, unknown>[] {
  const withBindUser = m.services.sso.enabled;
  const bindDn = withBindUser ? autheliaBindDn(m) : undefined;
  const files = { ...directoryTree(m, bindDn), 'update.ldif': directoryUpdate(m, bindDn) };
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'openldap-directory', namespace: 'openldap', annotations: { 'argocd.argoproj.io/sync-wave': '-1' } },
      data: files,
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: 'openldap-directory',
        namespace: 'openldap',
        annotations: { 'argocd.argoproj.io/hook': 'Sync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' },
      },
      spec: {
        backoffLimit: 6,
        template: { spec: {
          restartPolicy: 'OnFailure',
          containers: [{
            name: 'directory',
            image: IMAGES.openldap,
            command: ['/bin/sh', '-ec', directorySyncScript(m, withBindUser)],
            env: [{ name: 'LDAP_ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: 'openldap-admin', key: 'LDAP_ADMIN_PASSWORD' } } }],
            volumeMounts: [
              { name: 'directory', mountPath: '/directory', readOnly: true },
              ...(withBindUser ? [{ name: 'bind-password', mountPath: '/bind', readOnly: true }] : []),
            ],
          }],
          volumes: [
            { name: 'directory', configMap: { name: 'openldap-directory' } },
            ...(withBindUser ? [{ name: 'bind-password', secret: { secretName: BIND_SECRET } }] : []),
          ],
        } },
      },
    },
  ];
}

/**
 * OpenLDAP (jp-gouin's chart and image, not Bitnami's), its admin passwords from Vault, and the
 * tree Authelia searches seeded from the spec: `ou=users`, `ou=groups`, `ou=services` with
 * Authelia's bind user. Custom LDIF files replace the image's default tree and its demo users.
 * @see https://github.com/jp-gouin/helm-openldap/blob/v4.3.3/values.yaml
 */
export function directory(m: Model): Unit {
  const d = m.services.directory;
  if (!d.enabled) return { apps: [], manifests: [] };
  const replicas = clusterSize(m) >= 3 ? 3 : 1;
  const withBindUser = m.services.sso.enabled;
  const bindKey = { secretKey: 'password', path: AUTHELIA_VAULT_PATH, property: 'ldap-password' };
  const admin = keysFrom([{ secretKey: 'LDAP_ADMIN_PASSWORD', ref: d.adminPassword }]);
  const config = m.vault.keys.find((k) => k.path === 'core/openldap' && k.key === 'config-password');
  return joinUnits(
    configUnit('openldap-secrets', 'openldap', 'core', WAVE.openldapSecrets, 'openldap', {
      'secrets.yaml': secretsOf(m, 'openldap', [
        { name: 'openldap-admin', data: [...admin, ...(config ? [{ secretKey: 'LDAP_CONFIG_ADMIN_PASSWORD', path: config.path, property: config.key }] : [])] },
        ...(withBindUser ? [{ name: BIND_SECRET, data: [bindKey] }] : []),
      ]),
    }),
    {
      apps: [{
        name: 'openldap', namespace: 'openldap', project: 'core', wave: WAVE.openldap,
        source: { kind: 'helm', chart: CHARTS.openldap, values: {
          fullnameOverride: 'openldap',
          global: { ldapDomain: d.baseDn, adminUser: 'admin', configUser: 'admin', existingSecret: 'openldap-admin' },
          replicaCount: replicas,
          replication: { enabled: replicas > 1 },
          persistence: { enabled: true, storageClass: storageClass(m) },
          customLdifFiles: directoryTree(m, withBindUser ? autheliaBindDn(m) : undefined),
          customAcls: acls(m),
          ...(withBindUser && {
            // The bind user's password is hashed (salted SHA) into the seed in the pod's memory; git sees a placeholder.
            initContainers: [{
              name: 'bind-user-password',
              image: IMAGES.openldap,
              command: ['/bin/sh', '-ec', `if ls /custom-ldifs/*.ldif >/dev/null 2>&1; then hash=$(slappasswd -T /bind/password); sed -i "s|${BIND_PASSWORD_PLACEHOLDER}|$hash|" /custom-ldifs/*.ldif; fi`],
              volumeMounts: [{ name: 'custom-ldif-files', mountPath: '/custom-ldifs' }, { name: 'bind-password', mountPath: '/bind', readOnly: true }],
            }],
            extraVolumes: [{ name: 'bind-password', secret: { secretName: BIND_SECRET } }],
          }),
          'ltb-passwd': { enabled: false },
          phpldapadmin: { enabled: false },
        } },
      }],
      manifests: [],
    },
    configUnit('openldap-directory', 'openldap', 'core', WAVE.openldapDirectory, 'openldap-directory', { 'directory.yaml': directorySync(m) }),
  );
}

/**
 * Authelia's access rules: one per routed host name with its policy, limited to the route's
 * directory groups when it names some; anything else is denied.
 * @see https://www.authelia.com/configuration/security/access-control/#subject
 */
export function accessRules(m: Model): { domain: string; policy: string; subject?: string[] }[] {
  return m.routes.map((r) => ({ domain: r.host, policy: r.access, ...(r.groups.length > 0 && { subject: r.groups.map((g) => `group:${g}`) }) }));
}

/** The session cookie's domain and Authelia's own label under it (the chart builds `authelia_url` from them). */
export function cookieDomain(m: Model): { domain: string; subdomain: string } {
  const host = m.services.sso.host;
  if (host.endsWith(`.${m.domain}`)) return { domain: m.domain, subdomain: host.slice(0, -(m.domain.length + 1)) };
  const dot = host.indexOf('.');
  return { domain: host.slice(dot + 1), subdomain: host.slice(0, dot) };
}

/**
 * Authelia with OpenLDAP as its user store, bound as its own user over LDAPS, and the
 * forward-auth Middleware. One replica on a ReadWriteOnce volume, so Recreate: a rolling update
 * would start the new pod on another node while the old one holds the volume (Multi-Attach).
 * @see https://www.authelia.com/integration/kubernetes/chart/
 * @see https://github.com/authelia/chartrepo/blob/authelia-0.11.5/charts/authelia/values.yaml
 */
export function sso(m: Model): Unit {
  const s = m.services.sso;
  if (!s.enabled) return { apps: [], manifests: [] };
  const d = m.services.directory;
  const key = (secretKey: string, property: string) => ({ secretKey, path: AUTHELIA_VAULT_PATH, property });
  return joinUnits(
    configUnit('authelia-config', 'authelia', 'core', WAVE.autheliaConfig, 'authelia', {
      'secrets.yaml': secretsOf(m, 'authelia', [{
        name: 'authelia-secrets',
        data: [
          key('authentication.ldap.password.txt', 'ldap-password'),
          key('session.encryption.key', 'session-encryption-key'),
          key('storage.encryption.key', 'storage-encryption-key'),
          key('identity_validation.reset_password.jwt.hmac.key', 'reset-password-jwt-key'),
        ],
      }]),
      'forward-auth.yaml': [{
        apiVersion: 'traefik.io/v1alpha1',
        kind: 'Middleware',
        metadata: { ...FORWARD_AUTH },
        spec: { forwardAuth: {
          address: 'http://authelia.authelia.svc.cluster.local/api/authz/forward-auth',
          trustForwardHeader: true,
          authResponseHeaders: ['Remote-User', 'Remote-Groups', 'Remote-Email', 'Remote-Name'],
        } },
      }],
      'route.yaml': serviceRoute(m, 'sso'),
    }),
    {
      apps: [{
        name: 'authelia', namespace: 'authelia', project: 'core', wave: WAVE.authelia,
        source: { kind: 'helm', chart: CHARTS.authelia, values: {
          pod: { kind: 'Deployment', replicas: 1, strategy: { type: 'Recreate' } },
          persistence: { enabled: true, storageClass: storageClass(m) },
          secret: { existingSecret: 'authelia-secrets' },
          configMap: {
            session: { cookies: [cookieDomain(m)] },
            authentication_backend: { ldap: {
              enabled: true,
              implementation: 'custom',
              // The directory's certificate is one its pods make for themselves at start: encrypted, not verified.
              address: 'ldaps://openldap.openldap.svc.cluster.local:636',
              tls: { skip_verify: true },
              base_dn: d.baseDn,
              additional_users_dn: 'ou=users',
              users_filter: '(&({username_attribute}={input})(objectClass=inetOrgPerson))',
              additional_groups_dn: 'ou=groups',
              groups_filter: '(&(member={dn})(objectClass=groupOfNames))',
              user: autheliaBindDn(m),
              attributes: { username: 'uid', display_name: 'cn', mail: 'mail', group_name: 'cn' },
            } },
            access_control: { default_policy: 'deny', rules: accessRules(m) },
            storage: { local: { enabled: true } },
            notifier: { filesystem: { enabled: true } },
          },
        } },
      }],
      manifests: [],
    },
  );
}
