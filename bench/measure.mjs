// Small helpers for the benchmark: run a command, time it, and follow its peak memory.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Runs a command to completion with stdout discarded; returns wall time (ms) and peak RSS (KiB). */
export function timeRun(command, args, { env = process.env, input, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, cwd, stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'] });
    let peak = 0;
    let stderr = '';
    const poll = setInterval(() => (peak = Math.max(peak, peakRss(child.pid))), 5);
    child.stderr.on('data', (d) => (stderr += d));
    if (input !== undefined) child.stdin.end(input);
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      clearInterval(poll);
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(0, 500)}`));
      else resolve({ ms, rssKiB: peak });
    });
  });
}

/** VmHWM: the process's peak resident set so far, read from /proc (Linux). */
function peakRss(pid) {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs every contender `runs` times, interleaved (a, b, c, a, b, c …), so noise hits all alike. */
export async function interleaved(contenders, runs) {
  const samples = Object.fromEntries(contenders.map((c) => [c.name, []]));
  for (let i = 0; i < runs; i++) {
    for (const contender of contenders) samples[contender.name].push(await contender.run());
  }
  return samples;
}

/**
 * Time from starting a command in a pseudo-terminal until the first byte of the answer
 * ("tok", as bench/server.mjs writes it) reaches the terminal: what a person waits for.
 */
export async function firstByteInPty(command, args, env) {
  const { default: pty } = await import('@lydell/node-pty');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const term = pty.spawn(command, args, { name: 'xterm-256color', cols: 100, rows: 30, env });
    let seen = '';
    let first;
    term.onData((data) => {
      seen += data;
      if (first === undefined && seen.includes('tok')) first = performance.now() - started;
    });
    term.onExit(({ exitCode }) => (first === undefined ? reject(new Error(`${args.join(' ')} exited ${exitCode} without an answer: ${seen.slice(0, 300)}`)) : resolve({ ms: first, rssKiB: 0 })));
  });
}

/**
 * The chat REPL's first answer: the prompt (`› `) is waited for, `hi` and Enter typed, and the
 * time from Enter until the first byte of the answer ("tok") reaches the terminal is returned.
 */
export async function firstAnswerInChat(command, args, env) {
  const { default: pty } = await import('@lydell/node-pty');
  return new Promise((resolve, reject) => {
    const term = pty.spawn(command, args, { name: 'xterm-256color', cols: 100, rows: 30, env });
    let seen = '';
    let typedAt;
    const timer = setTimeout(() => {
      term.kill();
      reject(new Error(`chat gave no answer: ${JSON.stringify(seen.slice(-300))}`));
    }, 20_000);
    term.onData((data) => {
      seen += data;
      if (typedAt === undefined && seen.includes('› ')) {
        typedAt = performance.now();
        term.write('hi\r');
      } else if (typedAt !== undefined && seen.slice(seen.lastIndexOf('hi')).includes('tok')) {
        clearTimeout(timer);
        const ms = performance.now() - typedAt;
        typedAt = Infinity;
        term.kill();
        resolve({ ms, rssKiB: 0 });
      }
    });
  });
}
