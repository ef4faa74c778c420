import { isIP } from 'node:net';

/**
 * Which IP addresses the server may fetch from on a user's behalf: public unicast only.
 * Pure, no I/O. Hostnames are never judged here, only the addresses they resolve to
 * (outbound.ts resolves and pins them), so `2130706433`, `0x7f.1`, `[::ffff:127.0.0.1]`
 * or a name that resolves to 10.0.0.5 all end as the same refused address.
 */

type Range = [base: bigint, prefix: number];

const v4 = (s: string): bigint | null => {
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
};

/** An IPv6 address as a 128-bit number (with an embedded dotted IPv4 tail, as in ::ffff:1.2.3.4). */
function v6(s: string): bigint | null {
  let text = s.toLowerCase().replace(/%.*$/, '');
  const tail = text.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/);
  if (tail) {
    const four = v4(tail[2]);
    if (four === null) return null;
    text = `${tail[1]}${(four >> 16n).toString(16)}:${(four & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

const within = (value: bigint, bits: number, [base, prefix]: Range) => value >> BigInt(bits - prefix) === base >> BigInt(bits - prefix);

// Not public unicast: "this network", private, carrier-grade NAT, loopback, link-local
// (cloud metadata at 169.254.169.254), IETF protocol assignments, documentation nets,
// benchmarking, multicast and reserved (with broadcast).
const REFUSED_V4: Range[] = (
  [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
    ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const
).map(([a, p]) => [v4(a)!, p]);

// Unspecified and loopback (::/127 covers both), IPv4-compatible (::/96, deprecated),
// 6to4 and NAT64 (they carry an IPv4 address we would have to judge instead: refused
// outright), unique-local fc00::/7, link-local fe80::/10, site-local fec0::/10,
// documentation 2001:db8::/32 and multicast ff00::/8.
const REFUSED_V6: Range[] = (
  [['::', 96], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['2002::', 16], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['2001:db8::', 32], ['ff00::', 8]] as const
).map(([a, p]) => [v6(a)!, p]);
const MAPPED_V4: Range = [v6('::ffff:0:0')!, 96];

/** True when the server must not connect to this address (anything that is not an IP is refused too). */
export function isRefusedAddress(address: string): boolean {
  const kind = isIP(address.replace(/%.*$/, ''));
  if (kind === 4) {
    const n = v4(address);
    return n === null || REFUSED_V4.some((r) => within(n, 32, r));
  }
  if (kind === 6) {
    const n = v6(address);
    if (n === null) return true;
    if (within(n, 128, MAPPED_V4)) return REFUSED_V4.some((r) => within(n & 0xffffffffn, 32, r));
    return REFUSED_V6.some((r) => within(n, 128, r));
  }
  return true;
}
