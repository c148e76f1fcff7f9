/** The whole of stdin as text, or undefined when stdin is a terminal (nothing was piped). */
export async function readPipedStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  } catch {
    return undefined;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Piped text first, then a blank line, then the prompt words; either may be missing. */
export function combinePrompt(piped: string | undefined, words: readonly string[]): string {
  const prompt = words.join(' ').trim();
  const input = piped?.replace(/\s+$/, '') ?? '';
  if (input && prompt) return `${input}\n\n${prompt}`;
  return input || prompt;
}
