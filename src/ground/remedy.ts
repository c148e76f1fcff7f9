/**
 * A fix that names one of our commands, as facts: the words (`g4f-chat keys set openai`) are
 * cli/'s (cli/remedy-words.ts), so that no layer below it speaks for the command line.
 */
export type Remedy =
  /** No key: the variable to export, or the key to store. */
  | { type: 'store-key'; provider: string; envVars: readonly string[] }
  /** A key was refused (or none sent): where it came from, or where the provider reads one. */
  | { type: 'check-key'; provider?: string; keyFrom?: string; envVars?: readonly string[]; userDefined?: boolean }
  /** A model the user named is not served by the provider. */
  | { type: 'model-not-served'; provider: string; model: string }
  /** Any 404: the model name or the base URL may be wrong (no command named). */
  | { type: 'check-model-and-url' }
  /** A 404: the model name, and a base URL the user set. */
  | { type: 'check-model'; provider: string; baseURL?: string; origin?: string }
  /** The provider's models are listed by a command; `lead` and `or` are the provider's own words around it. */
  | { type: 'list-models'; provider: string; lead?: string; or?: string }
  | { type: 'list-providers' }
  /** Every provider failed: which answer now, or (public ones held back) how to allow them. */
  | { type: 'all-failed'; heldBack: boolean }
  /** Nothing could be reached: what works without a network. */
  | { type: 'offline' }
  | { type: 'list-conversations' }
  | { type: 'find-role'; name: string }
  | { type: 'define-provider'; id: string }
  /** A tool or server name that is neither: the ones there are. */
  | { type: 'name-tool'; builtins: readonly string[]; servers: readonly string[] }
  | { type: 'check-mcp-server'; server: string }
  /** An HTTP server needs an OAuth sign-in that this run could not ask for. */
  | { type: 'mcp-login'; server: string };
