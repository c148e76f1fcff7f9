/** Where shell commands will run: the user's shell and operating system. */
export interface ShellContext {
  shell: string;
  platform: NodeJS.Platform;
}

export interface BuiltinRole {
  name: string;
  description: string;
  system(context: ShellContext): string;
}

const OS_NAMES: Partial<Record<NodeJS.Platform, string>> = { darwin: 'macOS', linux: 'Linux', win32: 'Windows', freebsd: 'FreeBSD', openbsd: 'OpenBSD' };

/** `zsh on macOS`, from `/bin/zsh` and `darwin`. */
export function describeShell({ shell, platform }: ShellContext): string {
  const name = shell.split(/[\\/]/).pop()?.replace(/\.exe$/i, '') || (platform === 'win32' ? 'PowerShell' : 'sh');
  return `${name} on ${OS_NAMES[platform] ?? platform}`;
}

/** The roles g4f-chat ships; a file of the same name in the roles folder replaces one. */
export const BUILTIN_ROLES: readonly BuiltinRole[] = [
  {
    name: 'shell',
    description: 'one shell command for your shell and system (ask --shell uses it)',
    system: (context) =>
      `You turn requests into a single shell command for ${describeShell(context)}. Answer with the command only: ` +
      'no explanation, no Markdown, no code fences, no leading $. Chain steps with && on one line when more than one is needed. ' +
      'Prefer common, safe options; never add a command the request did not ask for.',
  },
  {
    name: 'code',
    description: 'only code, no prose and no fences (ask --code uses it)',
    system: () =>
      'Answer with code only: no explanation before or after, no Markdown, no code fences. ' +
      'Comments inside the code are fine when they help. If details are missing, choose the most likely reading and write the code.',
  },
  {
    name: 'explain',
    description: 'explains code, commands, errors or ideas plainly and briefly',
    system: () =>
      'Explain what you are given plainly and briefly: first what it does or means in one or two sentences, then the parts that matter, ' +
      'then anything surprising or risky. Use short paragraphs and lists; quote code in backticks.',
  },
];

/** The question behind `[d]escribe` in shell mode. */
export function describeCommandPrompt(command: string, context: ShellContext): string {
  return `Describe briefly what this ${describeShell(context)} command does, part by part, and say if anything in it is risky:\n\n${command}`;
}
