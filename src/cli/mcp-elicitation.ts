import type { ChalkInstance } from 'chalk';
import { sanitizeLabel, sanitizeOutsideText } from '../ground/terminal-safe-text.js';
import type { ElicitationAnswer, ElicitationField, ElicitationRequest, ElicitationValue } from '../tools/mcp-host.js';
import { colorsFor } from './colors.js';
import { readKey } from './read-key.js';

/** Where inquirer's prompts read and write. */
export interface PromptContext {
  input?: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** Where a server's question is asked: the process's own terminal in ask, chat's during a turn. */
export interface HostTerminal {
  colors: ChalkInstance;
  write(text: string): void;
  /** One key (Ctrl-C gives `\x03`). */
  readKey(): Promise<string>;
  /** Runs prompts with the terminal handed over to them. */
  prompt<T>(run: (context: PromptContext) => Promise<T>): Promise<T>;
}

/** stdin and stderr, as `ask` has them. */
export function processTerminal(): HostTerminal {
  return { colors: colorsFor(process.stderr), write: (text) => void process.stderr.write(text), readKey: () => readKey(), prompt: (run) => run({ output: process.stderr }) };
}

/**
 * A server asks the user for something (`elicitation/create`). Shown sanitised and naming the
 * server; a field that looks like a password or key is said to be one before anything is typed.
 * Form: `[y]` fills it in (prompts per field), `[n]` declines, Esc/Ctrl-C cancels. URL: the
 * address is shown and the answer waits for the user (Enter when done, n declines).
 */
export async function askElicitation(request: ElicitationRequest, signal: AbortSignal, terminal: HostTerminal = processTerminal()): Promise<ElicitationAnswer> {
  const c = terminal.colors;
  const say = (text: string) => terminal.write(`${text}\n`);
  say(`${c.bold(`MCP server ${sanitizeLabel(request.server)} asks you:`)} ${sanitizeOutsideText(request.message)}`);
  if (request.mode === 'url') {
    say(`  open: ${sanitizeLabel(request.url)}`);
    terminal.write(`${c.bold('done?')} Enter when finished / [n]o (decline) / Esc (cancel) `);
    const key = await terminal.readKey();
    terminal.write('\n');
    return key === '\r' || key === '\n' || key.toLowerCase() === 'y' ? { action: 'accept' } : key.toLowerCase() === 'n' ? { action: 'decline' } : { action: 'cancel' };
  }
  for (const field of request.fields.filter((f) => f.secretLooking)) {
    say(c.bold(`  ⚠ "${sanitizeLabel(field.title ?? field.name)}" looks like a password or key: what you type goes to the server ${sanitizeLabel(request.server)}`));
  }
  terminal.write(`${c.bold('answer?')} [y]es / [n]o (decline) / Esc (cancel) `);
  const key = (await terminal.readKey()).toLowerCase();
  terminal.write(`${key === 'y' ? 'yes' : key === 'n' ? 'no' : 'cancel'}\n`);
  if (key !== 'y') return { action: key === 'n' ? 'decline' : 'cancel' };
  const content: Record<string, ElicitationValue> = {};
  try {
    for (const field of request.fields) {
      const value = await terminal.prompt((context) => askField(field, { ...context, signal }));
      if (value !== undefined) content[field.name] = value;
    }
  } catch {
    // Ctrl-C (or the server's cancellation) inside a prompt.
    return { action: 'cancel' };
  }
  return { action: 'accept', content };
}

/** One field as the prompt of its type; an empty optional answer is left out. */
async function askField(field: ElicitationField, context: PromptContext & { signal: AbortSignal }): Promise<ElicitationValue | undefined> {
  const prompts = await import('@inquirer/prompts');
  const message = `${sanitizeLabel(field.title ?? field.name)}${field.description ? ` (${sanitizeLabel(field.description)})` : ''}${field.required ? '' : ' [optional]'}`;
  if (field.type === 'array') return askMany(field, message, context);
  if (field.choices) {
    return prompts.select({ message, choices: field.choices.map((choice) => ({ name: sanitizeLabel(choice.title), value: choice.value })), default: field.default === undefined ? undefined : String(field.default) }, context);
  }
  if (field.type === 'boolean') return prompts.confirm({ message, default: typeof field.default === 'boolean' ? field.default : false }, context);
  if (field.type === 'number' || field.type === 'integer') {
    const value = await prompts.number({ message, required: field.required, step: field.type === 'integer' ? 1 : 'any', default: typeof field.default === 'number' ? field.default : undefined }, context);
    return value ?? undefined;
  }
  const ask = field.secretLooking ? prompts.password({ message, mask: '*' }, context) : prompts.input({ message, required: field.required, default: typeof field.default === 'string' ? field.default : undefined }, context);
  const value = await ask;
  return value === '' && !field.required ? undefined : value;
}

/**
 * A multi-select: a checkbox list (Space picks, Enter sends) within `minItems`..`maxItems`, its
 * default values ticked. Without choices (not in the specification), values separated by commas.
 */
async function askMany(field: ElicitationField, message: string, context: PromptContext & { signal: AbortSignal }): Promise<string[] | undefined> {
  const prompts = await import('@inquirer/prompts');
  const ticked = new Set(Array.isArray(field.default) ? field.default : []);
  if (!field.choices) {
    const typed = await prompts.input({ message: `${message} (separate values with commas)`, required: field.required, default: [...ticked].join(', ') || undefined }, context);
    const values = typed.split(',').map((v) => v.trim()).filter(Boolean);
    return values.length === 0 && !field.required ? undefined : values;
  }
  const { minItems: min = 0, maxItems: max } = field;
  const values = await prompts.checkbox(
    {
      message,
      choices: field.choices.map((choice) => ({ name: sanitizeLabel(choice.title), value: choice.value, checked: ticked.has(choice.value) })),
      validate: (chosen) => (chosen.length < min ? `choose at least ${min}` : max !== undefined && chosen.length > max ? `choose at most ${max}` : true),
    },
    context,
  );
  return values.length === 0 && !field.required ? undefined : values;
}
