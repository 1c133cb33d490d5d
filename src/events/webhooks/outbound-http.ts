import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

/** The largest part of a receiver's answer that is read; the rest is dropped (issue #15, item 5). */
export const MAX_RESPONSE_BYTES = 64 * 1024;

/** What the outbound rules allow (config: WEBHOOK_ALLOW_HTTP, WEBHOOK_ALLOW_PRIVATE_NETWORKS, WEBHOOK_TIMEOUT_SECONDS). */
export interface OutboundPolicy {
  allowHttp: boolean;
  allowPrivateNetworks: boolean;
  timeoutMs: number;
}

/** Why a call was not made or did not get an answer; `status` is set when the receiver answered. */
export interface OutboundResult {
  status: number | null;
  error: string | null;
}

// Loopback, private (RFC 1918, ULA), shared (CGNAT, incl. Alibaba's metadata 100.100.100.200),
// link-local (incl. the 169.254.169.254 metadata service and fd00:ec2::254 under fc00::/7),
// "this network", benchmarking, multicast and reserved ranges.
const FORBIDDEN = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) FORBIDDEN.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) FORBIDDEN.addSubnet(network, prefix, 'ipv6');

/** Whether `address` (IPv4 or IPv6, IPv4-mapped included) is in a range webhooks may not reach. */
export function isForbiddenAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return FORBIDDEN.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return FORBIDDEN.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Why `raw` may not be a webhook URL under `policy`, or null when it may: not a URL, not https
 * (http only with allowHttp), credentials in it, or a literal address / `localhost` in a forbidden
 * range. Host names are resolved and checked again on every call ({@link postWebhook}).
 */
export function urlProblem(raw: string, policy: Pick<OutboundPolicy, 'allowHttp' | 'allowPrivateNetworks'>): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && !(policy.allowHttp && url.protocol === 'http:')) return policy.allowHttp ? 'must be http or https' : 'must be https';
  if (url.username || url.password) return 'must not carry credentials';
  if (!policy.allowPrivateNetworks) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isForbiddenAddress(host))) return 'points at a loopback, private, link-local or metadata address';
  }
  return null;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for node:http that refuses names resolving to a forbidden address (checked on the address actually connected to: no DNS rebinding). */
function guardedLookup(hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback): void {
  dnsLookup(hostname, { family: options.family ?? 0, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const bad = addresses.find((a) => isForbiddenAddress(a.address));
    if (bad || addresses.length === 0) return callback(Object.assign(new Error(`${hostname} resolves to a forbidden address`), { code: 'EFORBIDDENADDRESS' }), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}

/**
 * POSTs `body` (JSON) to `url` with `headers`; no redirects are followed (a 3xx is an answer like
 * any other), at most {@link MAX_RESPONSE_BYTES} of the answer are read, and the whole call is cut
 * off after `policy.timeoutMs`. Never throws: a refusal, a network error or the timeout come back
 * as `{ status: null, error }`.
 */
export function postWebhook(url: string, body: string, headers: Record<string, string>, policy: OutboundPolicy): Promise<OutboundResult> {
  const problem = urlProblem(url, policy);
  if (problem) return Promise.resolve({ status: null, error: `URL ${problem}` });
  const target = new URL(url);
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  return new Promise<OutboundResult>((resolve) => {
    let settled = false;
    const finish = (result: OutboundResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'ChargeOps-Webhooks/1', ...headers },
      ...(!policy.allowPrivateNetworks && !isIP(literal) && { lookup: guardedLookup as never }),
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish({ status: null, error: `timed out after ${policy.timeoutMs} ms` });
    }, policy.timeoutMs);
    req.on('error', (error) => finish({ status: null, error: error.message.slice(0, 500) }));
    req.on('response', (res) => {
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read >= MAX_RESPONSE_BYTES) {
          res.destroy();
          finish({ status: res.statusCode ?? null, error: null });
        }
      });
      res.on('end', () => finish({ status: res.statusCode ?? null, error: null }));
      res.on('error', () => finish({ status: res.statusCode ?? null, error: null }));
    });
    req.end(body);
  });
}
