/**
 * Every diagnostic code the compiler emits, in one table. Codes are stable: once released, a code
 * keeps its meaning. HL0xxx input, HL1xxx schema, HL2xxx cross-references and semantics,
 * HL3xxx generators, HL4xxx output.
 */
export const codes = {
  // input
  HL0001: 'file not found or unreadable',
  HL0002: 'file is not valid UTF-8',
  HL0003: 'file is empty',
  HL0004: 'YAML syntax error',
  HL0005: 'duplicate key',
  HL0006: 'too many alias expansions',
  HL0007: 'more than one YAML document',
  HL0008: 'top level is not a mapping',
  // schema
  HL1001: 'unknown property',
  HL1002: 'missing required property',
  HL1003: 'wrong type',
  HL1004: 'value not allowed',
  HL1005: 'value does not match the expected format',
  HL1006: 'value out of range',
  HL1007: 'wrong number of items',
  HL1099: 'schema violation',
  // cross-references and semantics
  HL2001: 'unknown VLAN',
  HL2002: 'unknown Proxmox host',
  HL2003: 'unknown rule or forward target',
  HL2004: 'duplicate name',
  HL2005: 'duplicate VM id',
  HL2006: 'duplicate address',
  HL2007: 'duplicate VLAN tag',
  HL2008: 'address outside its VLAN',
  HL2009: 'overlapping subnets',
  HL2010: 'DHCP range covers a static address',
  HL2011: 'VIP collides with another address',
  HL2012: 'even number of K3s servers',
  HL2013: 'two apps on the same host name',
  HL2014: 'invalid subnet or gateway',
  HL2015: 'VLAN has no free address left',
  HL2016: 'app needs exactly one of catalog and chart',
  HL2017: 'service depends on a disabled service',
  HL2018: 'invalid DHCP range',
  HL2019: 'more than one management VLAN',
  HL2020: 'static WAN needs an address and a gateway',
  HL2021: 'ports given for a protocol without ports',
  HL2022: 'VM id cannot be derived',
  HL2023: 'MAC address collision',
  HL2024: 'invalid secret reference',
  HL2025: 'overlapping cluster networks',
  HL2026: 'invalid port range',
  HL2027: 'needs the ingress',
  HL2028: 'duplicate port forward',
  HL2029: 'reserved name',
  HL2090: 'backup target VM needs plain HTTP',
  HL2091: 'backup target VM not set up without Vault',
  // generators
  HL3001: 'generator could not be loaded',
  HL3002: 'generator failed',
  HL3003: 'generator wrote an invalid path',
  HL3004: 'two generators wrote the same path',
  // output
  HL4001: 'out/ could not be written',
} as const;

export type Code = keyof typeof codes;
