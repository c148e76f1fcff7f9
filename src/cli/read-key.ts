/**
 * One key press from the terminal, read in raw mode (Enter gives `\r`, Ctrl-C `\x03`,
 * Ctrl-D `\x04`). Typed-ahead keys arrive first, as a terminal would give them.
 */
export function readKey(input: NodeJS.ReadStream = process.stdin): Promise<string> {
  return new Promise((resolve) => {
    const wasRaw = input.isRaw;
    input.setRawMode?.(true);
    input.resume();
    const done = (key: string) => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.setRawMode?.(wasRaw ?? false);
      input.pause();
      resolve(key);
    };
    const onData = (chunk: Buffer) => done(chunk.toString('utf8').slice(0, 1));
    const onEnd = () => done('\x04');
    input.on('data', onData);
    input.on('end', onEnd);
  });
}
