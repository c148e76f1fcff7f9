import type { G4fError, Remedy } from '../ground/errors.js';

/** The hint shown under an error: its remedy in words naming our commands, else its own hint. */
export function hintOf(error: G4fError): string | undefined {
  return error.remedy ? remedyWords(error.remedy) : error.hint;
}

/** Lines of the offline hint after the first, aligned under it (`  hint: `). */
const OFFLINE_INDENT = '\n        ';

export function remedyWords(remedy: Remedy): string {
  switch (remedy.type) {
    case 'store-key':
      return `export ${remedy.envVars[0]}=…, or store one with: g4f-chat keys set ${remedy.provider}`;
    case 'check-key':
      return keyWords(remedy);
    case 'model-not-served':
      return `${remedy.provider} does not serve the model "${remedy.model}" you named: g4f-chat models ${remedy.provider} lists what it has`;
    case 'check-model-and-url':
      return 'check the model name and the base URL';
    case 'check-model':
      return `check the model name: g4f-chat models ${remedy.provider}${remedy.origin ? ` (base URL ${remedy.baseURL} from ${remedy.origin})` : ''}`;
    case 'list-models': {
      const command = remedy.lead ? `${remedy.lead} \`g4f-chat models ${remedy.provider}\`` : `g4f-chat models ${remedy.provider}`;
      return remedy.or ? `${command}, or ${remedy.or}` : command;
    }
    case 'list-providers':
      return 'g4f-chat providers';
    case 'all-failed':
      return remedy.heldBack
        ? 'allow public providers after yours with --fallback public, or for good: g4f-chat config set fallback public'
        : 'g4f-chat providers --check shows which providers answer now';
    case 'offline':
      return [
        'answers without a network: start Ollama (ollama serve; ollama pull llama3.2), then ask again',
        'a server of your own: g4f-chat ask -p openai --base-url http://host:port/v1 "…"',
        'once online, a key of your own is steadiest: g4f-chat keys set openai (or groq, gemini…)',
      ].join(OFFLINE_INDENT);
    case 'list-conversations':
      return 'g4f-chat history lists them';
    case 'find-role':
      return `see them with: g4f-chat roles; make one with: g4f-chat roles create ${remedy.name}`;
    case 'define-provider':
      return `g4f-chat config set providers.${remedy.id}.baseUrl http://127.0.0.1:1234/v1`;
    case 'name-tool':
      return `built-in tools: ${remedy.builtins.join(', ')}; servers: ${remedy.servers.join(', ') || 'none (g4f-chat mcp add NAME -- CMD)'}`;
    case 'check-mcp-server':
      return `check it with: g4f-chat mcp list (its log: the state folder's mcp-${remedy.server}.log)`;
    case 'mcp-login':
      return `sign in with: g4f-chat mcp login ${remedy.server}`;
  }
}

/** A rejected key: where the key sent came from, or where the provider would read one. */
function keyWords(remedy: Extract<Remedy, { type: 'check-key' }>): string {
  const id = remedy.provider;
  if (!id) return 'check the API key (g4f-chat keys list)';
  if (remedy.keyFrom === 'stored') return `the key sent is the one stored for ${id}: check it (g4f-chat keys list), replace it with g4f-chat keys set ${id}`;
  if (remedy.keyFrom) return `the key sent comes from ${remedy.keyFrom}: check it (g4f-chat keys list)`;
  const names = remedy.envVars ?? [];
  if (remedy.userDefined && names.length === 0) return `no key was sent: set providers.${id}.keyEnv to the variable holding its key (g4f-chat config set providers.${id}.keyEnv NAME)`;
  const from = names.length > 0 ? `${names.join(' or ')} (or g4f-chat keys set ${id})` : `g4f-chat keys set ${id}`;
  return `no key was sent: ${id} reads it from ${from}`;
}
