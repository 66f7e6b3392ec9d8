/** IPv4 arithmetic on 32-bit unsigned numbers. */

export function ipToInt(ip: string): number {
  const p = ip.split('.').map(Number);
  return ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0;
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export interface Cidr {
  /** The network address as given (host bits may be set). */
  base: number;
  prefix: number;
  /** The network address with host bits cleared. */
  network: number;
  broadcast: number;
}

export function parseCidr(cidr: string): Cidr {
  const [ip, p] = cidr.split('/');
  const prefix = Number(p);
  const base = ipToInt(ip);
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  const network = (base & mask) >>> 0;
  const broadcast = (network | (~mask >>> 0)) >>> 0;
  return { base, prefix, network, broadcast };
}

export const netmask = (prefix: number): string => intToIp(prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0);

export const contains = (c: Cidr, ip: number): boolean => ip >= c.network && ip <= c.broadcast;

/** Usable host addresses: not the network or broadcast address (for prefixes up to /30). */
export const isHost = (c: Cidr, ip: number): boolean =>
  c.prefix >= 31 ? contains(c, ip) : ip > c.network && ip < c.broadcast;

export const overlaps = (a: Cidr, b: Cidr): boolean => a.network <= b.broadcast && b.network <= a.broadcast;

export const cidrString = (c: Cidr): string => `${intToIp(c.network)}/${c.prefix}`;
