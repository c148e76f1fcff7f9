import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, cleanEnv, tempHome } from './run-cli.js';

let running: ChildProcess[] = [];
/** Kills every serve process a test started. */
export function stopServes(): void {
  for (const child of running) child.kill('SIGKILL');
  running = [];
}

/** Starts `g4f-chat serve --port 0` and waits for the address it prints. */
export async function startServe(args: string[], env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess; stderr: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { env: { ...cleanEnv(tempHome()), ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  running.push(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 8000);
    const check = () => {
      const match = /listening on (http:\/\/\S+\/v1)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      } else setTimeout(check, 20);
    };
    check();
  });
  return { url, child, stderr: () => stderr };
}

