/** The names every loopback client may use, whatever the port (a reverse proxy on this machine too). */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

/** Where the request arrived: the local end of its connection. */
export interface LocalEnd {
  address?: string;
  port?: number;
}

/** A Host header split into name and port; `[::1]:8080` → `::1`, 8080. Undefined when it is not one. */
export function parseHost(header: string): { name: string; port?: number } | undefined {
  const match = /^(?:\[([0-9a-f:.]+)\]|([^:[\]\s/@]+))(?::(\d{1,5}))?$/i.exec(header.trim());
  if (!match) return undefined;
  // `localhost.` resolves as `localhost` does: the trailing dot of a fully qualified name is not a different name.
  const name = (match[1] ?? match[2]).toLowerCase().replace(/\.$/, '');
  return { name, ...(match[3] !== undefined ? { port: Number(match[3]) } : {}) };
}

/** `::ffff:127.0.0.1`, how a dual-stack socket names an IPv4 peer, is `127.0.0.1`. */
const plainAddress = (address: string) => address.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

/**
 * Whether a request's Host names this server. DNS rebinding points an attacker's name at
 * 127.0.0.1, so a page of that name reads this server's answers as its own: its requests carry
 * that name as Host. Allowed: the loopback names, the address the client connected to (with its
 * port: when listening on 0.0.0.0 that is the interface it came in by), and names the user allows
 * (`NAME` any port, `NAME:PORT` that port, `*` any Host). A request without Host (HTTP/1.0; no
 * browser sends one) cannot come from a rebound page.
 */
export function hostAllowed(header: string | undefined, local: LocalEnd, allowed: readonly string[]): boolean {
  if (header === undefined) return true;
  if (allowed.includes('*')) return true;
  const host = parseHost(header);
  if (!host) return false;
  if (LOOPBACK_NAMES.has(host.name)) return true;
  const port = host.port ?? 80;
  if (local.address && plainAddress(local.address) === plainAddress(host.name) && port === local.port) return true;
  return allowed.some((entry) => {
    const wanted = parseHost(entry);
    return wanted !== undefined && wanted.name === host.name && (wanted.port === undefined || wanted.port === port);
  });
}
