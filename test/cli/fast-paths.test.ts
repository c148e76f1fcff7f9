import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { formatHelpSnapshot, takeHelpSnapshot } from '../../src/cli/help-snapshot.js';
import { BIN, cleanEnv, runCli, tempHome } from '../helpers/run-cli.js';
import { spawnInPty } from '../helpers/pty.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** What commander itself writes for `--help` at `width` columns (undefined: not a terminal). */
function commanderHelp(width: number | undefined): string {
  const program = buildProgram(VERSION);
  let text = '';
  // commander itself answers undefined for a stream that is not a terminal (typed as a number).
  program.configureOutput({ writeOut: (written) => (text += written), getOutHelpWidth: () => width as number, getOutHasColors: () => false });
  program.outputHelp();
  return text;
}

describe('--help and --version without the program', () => {
  it.each([undefined, 30, 45, 60, 80, 100, 132, 250])('formats the help as commander does at width %s', (width) => {
    expect(formatHelpSnapshot(takeHelpSnapshot(buildProgram(VERSION)), width)).toBe(commanderHelp(width));
  });

  it.each(['--help', '-h'])('%s in a pipe prints commander\'s help byte for byte, 80 columns wide', async (flag) => {
    const result = await runCli([flag]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(commanderHelp(undefined));
  });

  it('--help on a terminal wraps to its width', async () => {
    const session = spawnInPty(['--help'], { home: tempHome() });
    expect(await session.exited).toBe(0);
    expect(session.output().replace(/\r\n/g, '\n')).toBe(commanderHelp(100));
  });

  it.each(['--version', '-V'])('%s prints the version', async (flag) => {
    expect(await runCli([flag])).toMatchObject({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('ends quietly with 0 when stdout is closed before the help is written', async () => {
    const child = spawn(process.execPath, [BIN, '--help'], { env: cleanEnv(tempHome()), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });
});
