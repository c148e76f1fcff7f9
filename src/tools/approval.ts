/**
 * Whether a tool call may run: approved ahead (`--approve NAME` for a tool or a server,
 * `--approve all`, or `[a]lways` earlier in this run or chat), else asked on the terminal
 * `[y]es / [a]lways / [n]o`, where only `y` and `a` approve (Enter and every other key mean
 * no). Without a terminal to ask on, nothing unapproved runs.
 */

/** What the person answered: the prompt (in cli/ or repl/) reads the key, this decides what it means. */
export type ApprovalAnswer = 'yes' | 'always' | 'no' | 'interrupted';

/** `y` yes, `a` always, Ctrl-C stops; anything else, Enter first of all, is no. */
export function answerOfKey(key: string): ApprovalAnswer {
  const first = key.slice(0, 1);
  if (first === '\x03') return 'interrupted';
  const lower = first.toLowerCase();
  if (lower === 'y') return 'yes';
  if (lower === 'a') return 'always';
  return 'no';
}

/** Asks the person at the terminal about one call, shown as `shown`. */
export interface ApprovalPrompt {
  ask(shown: string): Promise<ApprovalAnswer>;
}

export type Verdict =
  | { run: true; ahead: boolean }
  | { run: false; why: 'denied' | 'no-terminal' | 'interrupted' };

export class ApprovalPolicy {
  private readonly always = new Set<string>();

  /** `prompt` is absent where no one can be asked (a pipe, a script). */
  constructor(
    ahead: readonly string[],
    private readonly prompt?: ApprovalPrompt,
  ) {
    for (const name of ahead) this.always.add(name);
  }

  /** `all`, the tool's full name, or its server's name (`files` for `files__read`). */
  approvedAhead(name: string): boolean {
    const server = name.includes('__') ? name.slice(0, name.indexOf('__')) : undefined;
    return this.always.has('all') || this.always.has(name) || (server !== undefined && this.always.has(server));
  }

  async decide(name: string, shown: string): Promise<Verdict> {
    if (this.approvedAhead(name)) return { run: true, ahead: true };
    if (!this.prompt) return { run: false, why: 'no-terminal' };
    const answer = await this.prompt.ask(shown);
    if (answer === 'interrupted') return { run: false, why: 'interrupted' };
    if (answer === 'always') this.always.add(name);
    return answer === 'yes' || answer === 'always' ? { run: true, ahead: false } : { run: false, why: 'denied' };
  }
}
