import { resolve } from 'node:path';
import { redact } from '../ground/redact.js';
import { sanitizeOutsideText, sanitizeLabel } from '../ground/terminal-safe-text.js';
import type { Message } from '../ground/types.js';
import type { McpHost, SamplingAnswer, SamplingRequest } from '../tools/mcp-host.js';
import { askElicitation, processTerminal, type HostTerminal } from './mcp-elicitation.js';

/** Most characters of a server's sampling messages shown before the question. */
const SHOWN_CHARS = 2000;

export interface McpHostOptions {
  /** Folders offered as roots besides the working folder (`--root DIR`). */
  roots: readonly string[];
  /** `--approve` names: a server named here may sample without being asked. */
  approve: readonly string[];
  /** Whether there is a terminal to ask on (stdin and stderr). */
  interactive: boolean;
  /** Takes the running call's line off the screen while the user is asked; returns the undo. */
  hold?: () => () => void;
  /** Where to ask (chat's terminal during a turn); stdin and stderr when absent. */
  terminal?: () => HostTerminal;
  /** One answer of the user's own chain (the run's links, no tools): never a wider reach. */
  answer(messages: Message[], signal: AbortSignal): Promise<{ text: string; model: string }>;
}

/**
 * What servers may ask of the user in `ask` and chat: roots (the working folder and `--root`s),
 * sampling through the user's own chain after `[y]es / [a]lways / [n]o` (declined without a
 * terminal unless `--approve SERVER`), elicitation as prompts (declined without a terminal).
 */
export function terminalMcpHost(options: McpHostOptions): McpHost {
  const always = new Set(options.approve.filter((name) => name !== 'all'));
  const roots = () => [...new Set([process.cwd(), ...options.roots.map((dir) => resolve(dir))])];
  return {
    roots,
    sample: async (request, signal) => {
      if (!always.has(request.server)) {
        if (!options.interactive) return { declined: `the user was not asked (no terminal); approve it ahead with --approve ${request.server}` };
        const resume = options.hold?.();
        const verdict = await askSampling(request, options.terminal?.() ?? processTerminal()).finally(() => resume?.());
        if (verdict === 'no') return { declined: 'the user declined the sampling request' };
        if (verdict === 'always') always.add(request.server);
      }
      return sampleThroughChain(request, options, signal);
    },
    elicit: async (request, signal) => {
      if (!options.interactive) return { action: 'decline' as const };
      const resume = options.hold?.();
      return askElicitation(request, signal, options.terminal?.() ?? processTerminal()).finally(() => resume?.());
    },
  };
}

/** Shows who asks and what (sanitised, cut), then one key: y, a, anything else is no. */
async function askSampling(request: SamplingRequest, terminal: HostTerminal): Promise<'yes' | 'always' | 'no'> {
  const c = terminal.colors;
  const shown = [request.systemPrompt ? `system: ${request.systemPrompt}` : '', ...request.messages.map((m) => `${m.role}: ${m.text}${m.images.length ? ` [${m.images.length} image(s)]` : ''}`)].filter(Boolean).join('\n');
  const cut = shown.length > SHOWN_CHARS ? `${shown.slice(0, SHOWN_CHARS)}… [${shown.length - SHOWN_CHARS} more characters]` : shown;
  terminal.write(`${c.bold(`MCP server ${sanitizeLabel(request.server)} asks your model to answer`)} (at most ${request.maxTokens} tokens):\n${sanitizeOutsideText(cut).replace(/^/gm, '  ')}\n`);
  terminal.write(`${c.bold('send it?')} [y]es / [a]lways for this server / [n]o (default: no) `);
  const key = (await terminal.readKey()).toLowerCase();
  terminal.write(`${key === 'y' ? 'yes' : key === 'a' ? 'always' : 'no'}\n`);
  return key === 'y' ? 'yes' : key === 'a' ? 'always' : 'no';
}

/** The server's messages as a conversation for the user's chain; `modelPreferences` stays a hint it does not act on. */
async function sampleThroughChain(request: SamplingRequest, options: McpHostOptions, signal: AbortSignal): Promise<SamplingAnswer> {
  const messages: Message[] = [
    ...(request.systemPrompt ? [{ role: 'system' as const, content: request.systemPrompt }] : []),
    ...request.messages.map((m) => ({ role: m.role, content: m.text, ...(m.images.length ? { images: m.images } : {}) })),
  ];
  try {
    return await options.answer(messages, signal);
  } catch (error) {
    return { declined: redact(`the user's provider failed: ${(error as Error).message}`) };
  }
}
