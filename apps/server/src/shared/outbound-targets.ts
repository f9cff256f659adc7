import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * Where the server may send requests whose address an admin typed (webhook subscriptions, rules' webhook and
 * Slack/Teams posts). Unless private targets are allowed (ALLOW_PRIVATE_NETWORK_TARGETS, for a self-hosted
 * install whose receivers live on its own network), only public unicast addresses are: not loopback, the private
 * ranges, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast or reserved space. The name
 * is resolved and every address it gives is checked just before each request.
 *
 * The check and the connection resolve the name separately, so a name whose answer changes between the two (DNS
 * rebinding) is not caught; redirects are never followed, so a public receiver cannot bounce the request inward.
 */
export class OutboundTargets {
  constructor(private readonly isPrivateAllowed: boolean) {}

  /** Why a request to this URL is refused, or null when it may go. */
  async refusalOf(url: string): Promise<string | null> {
    if (this.isPrivateAllowed) return null;
    let host: string;
    try {
      host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    } catch {
      return 'the address is not a valid URL';
    }
    const literal = refusalOfName(host);
    if (literal) return literal;
    let addresses: string[];
    try {
      addresses = ipaddr.isValid(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
    } catch {
      // An unknown name: the request would fail anyway, and says why.
      return null;
    }
    const refused = addresses.find((address) => !isPublic(address));
    return refused ? `${host} is on a private or reserved network (${refused}); set ALLOW_PRIVATE_NETWORK_TARGETS=true to allow it` : null;
  }

  /** For validation when an admin saves an address: refuses literal private addresses and local names at once. */
  refusalOfTyped(url: string): string | null {
    if (this.isPrivateAllowed) return null;
    try {
      return refusalOfName(new URL(url).hostname.replace(/^\[|\]$/g, ''));
    } catch {
      return 'the address is not a valid URL';
    }
  }
}

function refusalOfName(host: string): string | null {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost') || name.endsWith('.local') || name.endsWith('.internal')) {
    return `${host} is a local name; set ALLOW_PRIVATE_NETWORK_TARGETS=true to allow it`;
  }
  if (ipaddr.isValid(name) && !isPublic(name)) return `${host} is a private or reserved address; set ALLOW_PRIVATE_NETWORK_TARGETS=true to allow it`;
  return null;
}

function isPublic(address: string): boolean {
  let parsed = ipaddr.parse(address);
  // ::ffff:10.0.0.1 is 10.0.0.1.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}
