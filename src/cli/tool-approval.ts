import { describeCall } from '../repl/render/transcript-tools.js';
import { colorsFor } from './colors.js';
import { readKey } from './read-key.js';

export type Verdict = 'yes' | 'no' | 'interrupted';

/**
 * Decides each call: approved ahead (`--approve NAME`, `--approve all`, or `[a]lways` earlier
 * in this run), else asked on the terminal `[y]es / [a]lways / [n]o` (default no); without a
 * terminal to ask on, nothing unapproved runs.
 */
export class ToolApproval {
  private readonly always = new Set<string>();
  constructor(
    ahead: readonly string[],
    private readonly interactive: boolean,
  ) {
    for (const name of ahead) this.always.add(name);
  }

  approvedAhead(name: string): boolean {
    return this.always.has('all') || this.always.has(name) || this.always.has(name.split('__')[0]);
  }

  async decide(name: string, args: string): Promise<Verdict> {
    if (this.approvedAhead(name)) return 'yes';
    if (!this.interactive) return 'no';
    const c = colorsFor(process.stderr);
    process.stderr.write(`${c.bold('run')} ${describeCall(name, args)}${c.bold('?')} [y]es / [a]lways / [n]o (default: no) `);
    const key = (await readKey()).toLowerCase();
    process.stderr.write(`${key === 'y' ? 'yes' : key === 'a' ? 'always' : key === '\x03' ? '^C' : 'no'}\n`);
    if (key === '\x03') return 'interrupted';
    if (key === 'a') this.always.add(name);
    return key === 'y' || key === 'a' ? 'yes' : 'no';
  }
}
