import { UsageError } from '../../ground/errors.js';
import { loadKeys, saveKeys } from '../../store/keys.js';
import { keysFile } from '../../store/paths.js';
import { mask, registerSecret } from '../../ground/redact.js';
import { withFileLock } from '../../store/file-lock.js';
import type { Catalog } from '../../core/routing/catalog.js';
import { EXIT } from '../exit-codes.js';
import { readPipedStdin } from '../read-stdin.js';
import { formatTable } from '../table.js';
import { loadAppContext } from '../settings.js';
import { AbortedError } from '../../ground/errors.js';
import { writeJson } from '../write-json.js';

function keyedProvider(catalog: Catalog, id: string) {
  const provider = catalog.require(id);
  if (!provider.apiKeyEnv?.length && !provider.userDefined) throw new UsageError(`${provider.id} takes no API key`);
  return provider;
}

/** `g4f-chat keys set <provider>`: hidden input on a terminal, the first line of stdin in a pipe. */
export async function keysSet(id: string): Promise<number> {
  const app = await loadAppContext();
  const provider = keyedProvider(app.catalog, id);
  let key: string;
  if (process.stdin.isTTY) {
    const { password } = await import('@inquirer/prompts');
    try {
      key = await password({ message: `API key for ${provider.label}`, mask: '*' }, { output: process.stderr });
    } catch (error) {
      // Ctrl-C at the prompt is the user leaving, not a failure.
      if ((error as Error).name === 'ExitPromptError') throw new AbortedError();
      throw error;
    }
  } else {
    key = ((await readPipedStdin()) ?? '').split(/\r?\n/)[0];
  }
  key = key.trim();
  if (!key) throw new UsageError('no key given', `echo "$KEY" | g4f-chat keys set ${provider.id}`);
  registerSecret(key);
  const path = keysFile(app.paths);
  // Under a lock: seven `keys set` at once keep all seven keys.
  await withFileLock(path, async () => saveKeys(path, { ...(await loadKeys(path)), [provider.id]: key }));
  const shadowed = provider.apiKeyEnv?.find((name) => app.env[name]);
  process.stderr.write(`stored the key for ${provider.id} (${mask(key)}) in ${path}\n`);
  if (shadowed) process.stderr.write(`note: ${shadowed} is set and wins over the stored key\n`);
  return EXIT.ok;
}

/** `g4f-chat keys list`: stored keys, masked, and which environment variables are set. */
export async function keysList(flags: { json?: boolean }): Promise<number> {
  const app = await loadAppContext();
  const rows = app.catalog.all
    .filter((p) => p.apiKeyEnv?.length || app.storedKeys[p.id])
    .map((p) => {
      const stored = app.storedKeys[p.id];
      const envSet = (p.apiKeyEnv ?? []).filter((name) => app.env[name]);
      return { provider: p.id, stored: stored ? mask(stored) : null, env: envSet, uses: envSet.length ? envSet[0] : stored ? 'stored' : null };
    });
  if (flags.json) {
    writeJson(rows, 2);
    return EXIT.ok;
  }
  const table = formatTable([
    ['provider', 'stored', 'env set', 'in use'],
    ...rows.map((r) => [r.provider, r.stored ?? '-', r.env.join(', ') || '-', r.uses ?? '-']),
  ]);
  process.stdout.write(`${table}\n`);
  return EXIT.ok;
}

export async function keysRemove(id: string): Promise<number> {
  const app = await loadAppContext();
  const provider = keyedProvider(app.catalog, id);
  const path = keysFile(app.paths);
  const removed = await withFileLock(path, async () => {
    const keys = await loadKeys(path);
    if (!keys[provider.id]) return false;
    delete keys[provider.id];
    await saveKeys(path, keys);
    return true;
  });
  if (!removed) {
    process.stderr.write(`no stored key for ${provider.id}\n`);
    return EXIT.ok;
  }
  process.stderr.write(`removed the stored key for ${provider.id}\n`);
  return EXIT.ok;
}
