import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { fetchUrl } from '../input/fetch-url.js';
import { InputBudget } from '../input/input-budget.js';
import { readFileInput } from '../input/read-file-input.js';
import { walkFolder } from '../input/walk-folder.js';
import { OutsidePathApprovals, outsideRootsRefusal, realPathForDisplay, resolveToolPath } from './tool-paths.js';
import { MAX_RESULT_BYTES, type RunnableTool, type ToolRunOptions } from './tool-types.js';

/** Where the built-ins work from, and how their network reads and commands are bounded. */
export interface BuiltinContext {
  cwd: string;
  /** Folders besides `cwd` that read_file and list_files may look in (`--root DIR`). */
  roots?: readonly string[];
  /** Paths outside the roots the user approved one by one. */
  outsideApprovals?: OutsidePathApprovals;
  timeoutMs: number;
  proxy?: string;
  /** The user's shell for run_command (`$SHELL`, else /bin/sh). */
  shell: string;
}

const object = (properties: Record<string, unknown>, required: string[]) => ({ type: 'object', properties, required });

/**
 * read_file, list_files, fetch_url, run_command: the input layer's readers and the shell
 * mode's shell. The file tools stay inside the roots (tool-paths.ts) and read the real path
 * they checked; fetch_url reaches public addresses only.
 */
export function builtinTools(ctx: BuiltinContext): RunnableTool[] {
  const roots = { cwd: ctx.cwd, roots: ctx.roots ?? [] };
  const approvals = ctx.outsideApprovals ?? new OutsidePathApprovals();
  // A yes to this very call (its real path shown) approves that path; an approval ahead does not.
  const checked = (name: string, args: Record<string, unknown>, options: ToolRunOptions | undefined) => {
    const path = resolveToolPath(name, args, roots)!;
    if (!path.insideRoots && options?.askedAndApproved) approvals.approve(path.realPath);
    return { path, refusal: outsideRootsRefusal(path, approvals, roots) };
  };
  const realPath = (name: string) => (args: Record<string, unknown> | string) => realPathForDisplay(name, args, roots);
  return [
    {
      spec: { name: 'read_file', description: 'Read a text file (optionally lines start_line..end_line, 1-based).', parameters: object({ path: { type: 'string' }, start_line: { type: 'integer' }, end_line: { type: 'integer' } }, ['path']) },
      source: 'built-in',
      realPath: realPath('read_file'),
      run: async (args, _signal, options) => {
        const { path, refusal } = checked('read_file', { path: String(args.path) }, options);
        if (refusal) return refusal;
        const info = await stat(path.realPath);
        if (info.isDirectory()) return `${args.path} is a folder: use list_files`;
        const read = await readFileInput(path.realPath, String(args.path), info.size, new InputBudget(16 * MAX_RESULT_BYTES), { maxImageBytes: 0, imagesAllowed: false });
        if (!('text' in read)) return `${args.path} is not a text file`;
        const lines = read.text.content.split('\n');
        const from = typeof args.start_line === 'number' ? Math.max(1, args.start_line) : 1;
        const to = typeof args.end_line === 'number' ? Math.min(lines.length, args.end_line) : lines.length;
        return from === 1 && to === lines.length ? read.text.content : lines.slice(from - 1, to).join('\n');
      },
    },
    {
      spec: { name: 'list_files', description: 'List the text files under a folder, honouring .gitignore.', parameters: object({ path: { type: 'string' } }, []) },
      source: 'built-in',
      realPath: realPath('list_files'),
      run: async (args, _signal, options) => {
        const { path, refusal } = checked('list_files', { path: String(args.path ?? '.') }, options);
        if (refusal) return refusal;
        const root = resolve(ctx.cwd, path.argument);
        const folder = await walkFolder(path.realPath, relative(ctx.cwd, root) || '.', new InputBudget(64 * 1024 * 1024));
        return [...folder.texts.map((t) => t.label), folder.note, ...folder.skipped].join('\n');
      },
    },
    {
      spec: { name: 'fetch_url', description: 'Fetch a web page (as markdown) or a text file over http(s).', parameters: object({ url: { type: 'string' } }, ['url']) },
      source: 'built-in',
      run: async (args, signal) => {
        const url = String(args.url);
        if (!/^https?:\/\//i.test(url)) return 'only http and https addresses can be fetched';
        const read = await fetchUrl(url, new InputBudget(16 * MAX_RESULT_BYTES), { cwd: ctx.cwd, maxTextBytes: 16 * MAX_RESULT_BYTES, maxImageBytes: 0, timeoutMs: ctx.timeoutMs, proxy: ctx.proxy, signal }, 'model');
        return 'text' in read ? read.text.content : `${url} is an image, not text`;
      },
    },
    {
      spec: { name: 'run_command', description: "Run a command in the user's shell and return its output and exit status.", parameters: object({ command: { type: 'string' } }, ['command']) },
      source: 'built-in',
      run: (args, signal) => runCommand(ctx.shell, String(args.command), ctx.cwd, signal),
    },
  ];
}

/** `$SHELL -c COMMAND`, stdout and stderr together, bounded in size; the call's signal stops it. */
function runCommand(shell: string, command: string, cwd: string, signal: AbortSignal): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(shell, ['-c', command], { cwd, stdio: ['ignore', 'pipe', 'pipe'], signal });
    const chunks: Buffer[] = [];
    let size = 0;
    const keep = (chunk: Buffer) => {
      if (size < 2 * MAX_RESULT_BYTES) chunks.push(chunk);
      size += chunk.length;
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => reject(error));
    child.on('close', (code, sig) => resolvePromise(`${Buffer.concat(chunks).toString('utf8')}${size > 2 * MAX_RESULT_BYTES ? '\n[output cut]' : ''}\n[exit status ${code ?? sig}]`));
  });
}
