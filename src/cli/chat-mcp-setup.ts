import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../ground/errors.js';
import type { ChatMcp } from '../repl/chat-mcp.js';
import type { ChatTools, TurnSettings } from '../repl/chat-session.js';
import type { ReplIO } from '../repl/repl-io.js';
import type { CallLine } from '../repl/render/call-line.js';
import { loadMcpServers, type McpServers } from '../tools/mcp-config.js';
import type { Toolbox } from '../tools/toolbox.js';
import type { ToolFlags } from './ask-tools.js';
import { processTerminal, type HostTerminal } from './mcp-elicitation.js';
import { terminalMcpHost } from './mcp-terminal-host.js';
import { atTerminal, terminalSignIn } from './mcp-sign-in.js';
import { printWarning } from './messages.js';
import type { AppContext, ChatFlags, Settings } from './settings.js';

/**
 * A chat's MCP side: one toolbox for its tools (-T, /tools on SERVER), its prompts and its
 * resources, whose servers may ask for sampling (through the chat's current provider and model),
 * elicitation and roots as in `ask`, on the terminal of the turn that runs the call.
 */
export async function chatMcpSetup(flags: ChatFlags & ToolFlags, app: AppContext, settings: Settings, turn: TurnSettings): Promise<{ tools?: ChatTools; mcp?: ChatMcp }> {
  const servers: McpServers = { ...(await loadMcpServers(join(app.paths.config, 'mcp.json'))), ...(flags.mcpConfig ? await loadMcpServers(flags.mcpConfig, true) : {}) };
  const asked = Boolean(flags.tools || flags.tool?.length || app.config.tools);
  const selection = asked ? (await import('./ask-tools.js')).toolSelection(flags, app) : [];
  if (selection.length === 0 && Object.keys(servers).length === 0) return {};
  // One list for the file tools and the servers: `/root DIR` widens both, as --root does.
  const rootDirs = (flags.root ?? []).map((dir) => resolve(dir));
  let current: ReplIO | undefined;
  let line: CallLine | undefined;
  const host = terminalMcpHost({
    roots: rootDirs,
    approve: flags.approve ?? [],
    interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
    terminal: () => (current ? turnTerminal(current) : processTerminal()),
    hold: () => line?.hold() ?? (() => {}),
    answer: async (messages) => {
      const [{ planFromSettings }, { answerOnce }] = await Promise.all([import('./plan-from-settings.js'), import('./answer-once.js')]);
      const plan = await planFromSettings({ ...settings, provider: turn.provider, model: turn.model }, app, { onWarning: printWarning });
      const sampled = await answerOnce(plan.links, { messages, model: turn.model, temperature: turn.temperature, stream: turn.stream }, settings, { spinner: false, keepText: 1024 * 1024, record: async () => {} });
      if (sampled.failure) throw sampled.failure;
      return { text: sampled.result.text, model: sampled.result.model ?? 'unknown' };
    },
  });
  const toolTimeoutMs = (flags.toolTimeout ?? 60) * 1000;
  const options = {
    selection,
    servers,
    stateDir: app.paths.state,
    builtin: { cwd: process.cwd(), roots: rootDirs, timeoutMs: toolTimeoutMs, proxy: settings.proxy, shell: process.env.SHELL || '/bin/sh' },
    host,
    signIn: terminalSignIn(app, { canSignIn: atTerminal() }),
  };
  let toolbox: Promise<Toolbox> | undefined;
  const open = () => (toolbox ??= import('../tools/toolbox.js').then(({ openToolbox }) => openToolbox(options)));
  const tools =
    selection.length > 0
      ? (await import('../repl/chat-tools.js')).chatTools({ ...options, approve: flags.approve ?? [], maxSteps: flags.maxSteps ?? 10, toolTimeoutMs, open, onTurn: (io, callLine) => {
            current = io;
            line = callLine;
          },
        })
      : undefined;
  const roots = {
    list: () => [process.cwd(), ...rootDirs.filter((dir) => dir !== process.cwd())],
    add: async (dir: string) => {
      const folder = resolve(dir);
      if (!(await stat(folder).catch(() => undefined))?.isDirectory()) throw new UsageError(`${dir} is not a folder`);
      if (folder === process.cwd() || rootDirs.includes(folder)) return false;
      rootDirs.push(folder);
      return true;
    },
  };
  const mcp = (await import('../repl/chat-mcp.js')).chatMcp(Object.keys(servers), open, roots);
  return { ...(tools ? { tools } : {}), mcp };
}

/** The turn's terminal: its keys through the REPL, its forms through the REPL's hand-over. */
function turnTerminal(io: ReplIO): HostTerminal {
  return {
    colors: io.errColors,
    write: (text) => io.err(text),
    readKey: () => io.readKey?.() ?? Promise.resolve('n'),
    prompt: (run) => (io.prompt ? io.prompt(run) : run({ output: process.stderr })),
  };
}
