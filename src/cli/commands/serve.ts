import { isIP, type AddressInfo } from 'node:net';
import { UsageError } from '../../ground/errors.js';
import { registerSecret } from '../../ground/redact.js';
import { connectionBounds } from '../../server/connection-bounds.js';
import { createOpenAIServer } from '../../server/openai-server.js';
import { EXIT } from '../exit-codes.js';
import { printNotice, printWarning } from '../messages.js';
import { trackHealth } from '../provider-health.js';
import { loadAppContext, resolveSettings, type ChatFlags } from '../settings.js';
import { planFromSettings, probeLocal } from '../plan-from-settings.js';
import { RecentReasoning } from '../../server/recent-reasoning.js';
import { openServeStorage } from './serve-storage.js';

export interface ServeFlags extends Omit<ChatFlags, 'apiKey'> {
  host: string;
  port: number;
  /** The token clients must send (not a provider's key). */
  apiKey?: string;
  /** Page origins allowed besides loopback ones (`--allow-origin`, repeatable; `*` any). */
  allowOrigin?: string[];
  /** The older single `--cors ORIGIN`: one more allowed origin. */
  cors?: string;
  /** Host names allowed besides loopback and the address listened on (`--allow-host`, repeatable). */
  allowHost?: string[];
  /** `NAME=PROVIDER/MODEL`: requests for model NAME go to PROVIDER/MODEL (`--map`, repeatable). */
  map?: string[];
  /** Where stored responses and conversations go: `redis://HOST:PORT` (default: files in the state directory). */
  store?: string;
  /** Seconds a connection may send nothing (or not its whole headers) before it is closed. */
  idleTimeout?: number;
  insecure?: boolean;
}

/** How long running answers may go on after SIGINT/SIGTERM before their connections close. */
const GRACE_MS = 5000;

/** `g4f-chat serve`: every provider behind one OpenAI-compatible server. Runs until a signal. */
export async function runServe(flags: ServeFlags): Promise<number> {
  const loopback = /^(127\.\d+\.\d+\.\d+|localhost|::1)$/.test(flags.host);
  if (!loopback && !flags.apiKey && !flags.insecure) {
    throw new UsageError(`binding ${flags.host} lets other machines use your providers and keys`, 'require a token with --api-key TOKEN, or accept that with --insecure');
  }
  registerSecret(flags.apiKey);
  const modelMap = modelMapOf(flags.map ?? []);
  const app = await loadAppContext();
  const settings = resolveSettings({ ...flags, apiKey: undefined }, app);
  const health = await trackHealth(app, () => undefined);
  // Planned once up front: a bad -p or base URL is a usage error now, not at the first request.
  await planFromSettings(settings, app, { onWarning: printWarning, orderGroup: health.orderGroup });
  const storage = await openServeStorage(flags.store, app.paths, flags.apiKey);
  const { server, shutdown } = createOpenAIServer(
    {
      catalog: app.catalog,
      env: app.env,
      storedKeys: app.storedKeys,
      chain: settings.provider,
      timeoutMs: settings.timeoutMs,
      maxTimeMs: settings.maxTimeMs,
      retries: settings.retries,
      proxy: settings.proxy,
      allowPublic: settings.allowPublic ?? false,
      probeLocal: (link) => probeLocal(link, settings.proxy),
      modelCache: new Map(),
      modelMap,
      recentReasoning: new RecentReasoning(),
      storage,
    },
    {
      token: flags.apiKey,
      allowOrigins: [...(flags.allowOrigin ?? []), ...(flags.cors ? [flags.cors] : [])],
      // A name given to --host is the bound address as clients write it.
      allowHosts: [...(flags.allowHost ?? []), ...(isIP(flags.host) ? [] : [flags.host])],
      bounds: connectionBounds(flags.idleTimeout),
      log: (line) => printNotice(line),
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new UsageError(`cannot listen on ${flags.host}:${flags.port}: ${error.code ?? error.message}`, 'pick another --port')));
    server.listen(flags.port, flags.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = flags.host.includes(':') ? `[${flags.host}]` : flags.host;
  process.stderr.write(`g4f-chat serve: listening on http://${shown}:${port}/v1 (chain: ${settings.provider}${flags.apiKey ? ', token required' : ''}; Ctrl-C stops)\n`);
  const code = await new Promise<number>((resolve) => {
    process.once('SIGINT', () => resolve(EXIT.interrupted));
    process.once('SIGTERM', () => resolve(EXIT.terminated));
  });
  process.stderr.write('g4f-chat serve: stopping; running answers get a few seconds to finish\n');
  await shutdown(GRACE_MS);
  await storage.store.close();
  return code;
}

/** `--map NAME=PROVIDER/MODEL`, each checked for its shape now rather than at the first request. */
function modelMapOf(entries: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of entries) {
    const match = /^([^=\s]+)=([^/=\s]+\/\S+)$/.exec(entry);
    if (!match) throw new UsageError(`--map ${JSON.stringify(entry)} is not NAME=PROVIDER/MODEL`, 'for example --map gemini-2.5-pro=groq/llama-3.3-70b-versatile');
    map[match[1]] = match[2];
  }
  return map;
}
