/**
 * IP addresses in canonical form, and whether one is on the public internet: the decision behind
 * `--no-private-network`. Every spelling of an address (decimal, octal, hex and short IPv4 such as
 * `2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`; compressed, expanded and dotted-tail IPv6) is
 * first brought to one canonical form with the WHATWG URL host parser, the same parser that
 * decides where a URL goes. IPv6 addresses that carry an IPv4 address (IPv4-mapped `::ffff:0:0/96`,
 * IPv4-compatible `::/96`, IPv4-translated `::ffff:0:0:0/96`, NAT64 `64:ff9b::/96`, 6to4
 * `2002::/16`) are judged by the IPv4 address they carry; any other IPv6 address outside global
 * unicast `2000::/3` is not public.
 */
import { BlockList, isIP } from "node:net";

/** An IP address in canonical form: dotted quad for IPv4, compressed lower-case for IPv6. */
export interface CanonicalAddress {
  address: string;
  family: 4 | 6;
}

const V4_NOT_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (cloud metadata services)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved and broadcast
] as const)
  V4_NOT_PUBLIC.addSubnet(net, prefix, "ipv4");

const V6_NOT_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ["2001::", 23], // IETF protocol assignments: Teredo, ORCHID, benchmarking, …
  ["2001:db8::", 32], // documentation
  ["3fff::", 20], // documentation
] as const)
  V6_NOT_PUBLIC.addSubnet(net, prefix, "ipv6");

/**
 * The canonical form of an IP address written in any form the URL parser accepts, or undefined
 * when `input` is not an IP address (a host name, garbage). Brackets and a zone id are dropped.
 *
 * @example
 * canonicalAddress("0x7f.1"); // { address: "127.0.0.1", family: 4 }
 * canonicalAddress("[::ffff:127.0.0.1]"); // { address: "::ffff:7f00:1", family: 6 }
 */
export function canonicalAddress(input: string): CanonicalAddress | undefined {
  const bare = input
    .trim()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/%.*$/, "");
  if (bare === "" || /[/?#@\s]/.test(bare)) return undefined;
  let host: string;
  try {
    host = new URL(`http://${bare.includes(":") ? `[${bare}]` : bare}/`).hostname;
  } catch {
    return undefined;
  }
  host = host.replace(/^\[(.*)\]$/, "$1");
  const family = isIP(host);
  return family === 4 || family === 6 ? { address: host, family } : undefined;
}

/** The eight 16-bit groups of a canonical (hex-only) IPv6 address. */
function ipv6Groups(address: string): number[] {
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((g) => parseInt(g, 16)));
  const cut = address.indexOf("::");
  if (cut < 0) return parse(address);
  const head = parse(address.slice(0, cut));
  const tail = parse(address.slice(cut + 2));
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

function ipv4Of(high: number, low: number): string {
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** The IPv4 address an IPv6 address carries (mapped, compatible, translated, NAT64, 6to4), if any. */
export function embeddedIpv4(address: string): string | undefined {
  const g = ipv6Groups(address);
  if (g.length !== 8) return undefined;
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && g[5] === 0xffff) return ipv4Of(g[6]!, g[7]!); // ::ffff:a.b.c.d
  if (zero(0, 6)) return ipv4Of(g[6]!, g[7]!); // ::a.b.c.d (and :: and ::1)
  if (zero(0, 4) && g[4] === 0xffff && g[5] === 0) return ipv4Of(g[6]!, g[7]!); // ::ffff:0:a.b.c.d
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return ipv4Of(g[6]!, g[7]!); // NAT64
  if (g[0] === 0x2002) return ipv4Of(g[1]!, g[2]!); // 6to4
  return undefined;
}

/**
 * Whether an IP address (any spelling) is not on the public internet: loopback, private,
 * link-local, carrier-grade NAT, documentation, multicast, reserved, or an IPv6 address that
 * carries such an IPv4 address. Anything that is not an IP address counts as not public.
 *
 * @example
 * isPrivateAddress("::ffff:a9fe:a9fe"); // true (169.254.169.254)
 * isPrivateAddress("8.8.8.8"); // false
 */
export function isPrivateAddress(address: string): boolean {
  const canonical = canonicalAddress(address);
  if (!canonical) return true;
  if (canonical.family === 4) return V4_NOT_PUBLIC.check(canonical.address, "ipv4");
  const v4 = embeddedIpv4(canonical.address);
  if (v4 !== undefined) return V4_NOT_PUBLIC.check(v4, "ipv4");
  const first = ipv6Groups(canonical.address)[0] ?? 0;
  if ((first & 0xe000) !== 0x2000) return true; // outside global unicast 2000::/3
  return V6_NOT_PUBLIC.check(canonical.address, "ipv6");
}
