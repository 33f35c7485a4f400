import { BlockList, isIP } from 'node:net';

/**
 * Address classes no boot node can usefully be at. A node dialing one of them reaches either
 * nothing (unspecified, multicast, reserved) or something on its own host or link that is not a
 * boot node: 169.254.169.254 is the cloud metadata service, so an enode pointing there turns every
 * node into a prober of it.
 */
const SPECIAL: ReadonlyArray<readonly [kind: AddressKind, network: string, prefix: number, family: 'ipv4' | 'ipv6']> = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  // 240/4 is reserved and holds the limited broadcast address 255.255.255.255.
  ['reserved', '240.0.0.0', 4, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6'],
];

export type AddressKind = 'unspecified' | 'loopback' | 'link-local' | 'multicast' | 'reserved' | 'routable';

export interface AddressPolicyOptions {
  /** Accept loopback addresses (only useful when every node shares this host). */
  readonly allowLoopback: boolean;
  /** GETH_AGENT_NETRESTRICT: when set, only addresses inside these CIDR networks are accepted. */
  readonly netrestrict?: readonly string[] | undefined;
}

/** Why an address was refused; `limit` names the refusal for `geth_agent_limit_refusals_total`. */
export interface AddressRefusal {
  readonly limit: 'directory_address' | 'directory_netrestrict';
  readonly problem: string;
}

export interface AddressPolicy {
  readonly kind: (ip: string) => AddressKind | undefined;
  /** undefined when the IP literal is acceptable; a refusal otherwise (a name is refused too). */
  readonly check: (ip: string) => AddressRefusal | undefined;
}

const family = (ip: string): 'ipv4' | 'ipv6' | undefined => {
  const version = isIP(ip);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
};

/** `a.b.c.d/n` or `v6/n` into a BlockList subnet (the CIDRs were validated by the config parser). */
function addCidr(list: BlockList, cidr: string): void {
  const [network = '', bits = ''] = cidr.split('/');
  const type = family(network);
  if (type !== undefined) list.addSubnet(network, Number(bits), type);
}

/**
 * The address rules of boot-node entries, built once from the settings (no module state):
 * unspecified, link-local, multicast and reserved addresses are always refused, loopback unless
 * allowed, and everything outside GETH_AGENT_NETRESTRICT when it is set. IPv4-mapped IPv6
 * addresses (`::ffff:a.b.c.d`) are judged as the IPv4 address they carry.
 */
export function createAddressPolicy(options: AddressPolicyOptions): AddressPolicy {
  const classes = new Map<AddressKind, BlockList>();
  for (const [kind, network, prefix, type] of SPECIAL) {
    const list = classes.get(kind) ?? new BlockList();
    list.addSubnet(network, prefix, type);
    classes.set(kind, list);
  }
  const restrict = options.netrestrict !== undefined && options.netrestrict.length > 0 ? new BlockList() : undefined;
  for (const cidr of options.netrestrict ?? []) if (restrict !== undefined) addCidr(restrict, cidr);

  const kind = (ip: string): AddressKind | undefined => {
    const type = family(ip);
    if (type === undefined) return undefined;
    for (const [name, list] of classes) if (list.check(ip, type)) return name;
    return 'routable';
  };

  return {
    kind,
    check: (ip) => {
      const found = kind(ip);
      if (found === undefined) return { limit: 'directory_address', problem: `${JSON.stringify(ip.slice(0, 80))} is not an IP address` };
      if (found === 'loopback' && !options.allowLoopback) {
        return { limit: 'directory_address', problem: `${ip} is a loopback address, which other hosts cannot reach` };
      }
      if (found !== 'routable' && found !== 'loopback') return { limit: 'directory_address', problem: `${ip} is ${found === 'unspecified' ? 'an' : 'a'} ${found} address, never a boot node` };
      if (restrict !== undefined && !restrict.check(ip, family(ip) ?? 'ipv4')) {
        return { limit: 'directory_netrestrict', problem: `${ip} is outside GETH_AGENT_NETRESTRICT (${(options.netrestrict ?? []).join(',')})` };
      }
      return undefined;
    },
  };
}

/** A listen host that only this machine can reach (then loopback enodes are fine in its directory). */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  const type = family(host);
  if (type === undefined) return false;
  return createAddressPolicy({ allowLoopback: true }).kind(host) === 'loopback';
}
