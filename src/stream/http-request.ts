export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST' | 'DELETE';
  headers: Record<string, string>;
  /** A text body, or bytes (a multipart upload). */
  body?: string | Uint8Array;
  signal: AbortSignal;
  /** Longest silence allowed, in milliseconds: connect, headers, or between body chunks. */
  timeoutMs: number;
  /**
   * Longest wait for a request that has received nothing yet (connect and response head),
   * below `timeoutMs`: a server that takes the connection and says nothing is given up on
   * early. Silence between chunks of a started answer stays bounded by `timeoutMs`.
   */
  firstByteMs?: number;
  /** Explicit proxy URL; otherwise HTTP(S)_PROXY / NO_PROXY from the environment apply. */
  proxy?: string;
  /** Credentials in this request, redacted from any error text. */
  secrets?: readonly string[];
  /**
   * The headers are the protocol's complete list in wire order (Host, Connection and
   * Content-Length included where they stand). Sent with Node's own client unless a proxy
   * is in use; through a proxy undici places Host, Connection and Content-Length itself.
   */
  exactHeaders?: boolean;
  /** An HTML answer is what was asked for (a web page attached with -f), not a block page. */
  allowHtml?: boolean;
  /** Redirect statuses (3xx) are returned rather than thrown, for a caller that follows them. */
  returnRedirects?: boolean;
  /**
   * `refuse`: connect only to public addresses. The name is resolved once and the address
   * connected to is the one checked (internal-address.ts). Through a proxy the proxy
   * resolves names: only addresses written in the URL and `localhost` are refused there.
   */
  internalAddresses?: 'refuse';
}
