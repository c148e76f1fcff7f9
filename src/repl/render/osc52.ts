/** OSC 52: asks the terminal to put text on the system clipboard. */
export function osc52Copy(text: string): string {
  return `\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}
