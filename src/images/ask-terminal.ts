/** kitty's graphics query: a 1×1 image that is checked, not stored; kitty-speaking terminals answer `ESC _Gi=31;OK ESC \`. */
export const KITTY_QUERY = '\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\';
/** Primary device attributes: every terminal answers `ESC [ ? params c`, and parameter 4 means sixel. */
export const DA1_QUERY = '\x1b[c';

const KITTY_OK = /\x1b_Gi=31;OK\x1b\\/;
const DA1_REPLY = /\x1b\[\?([\d;]*)c/;
/** The replies taken out of what was read; anything else (keys typed meanwhile) goes back to the input. */
const REPLIES = /\x1b_G[^\x1b]*\x1b\\|\x1b\[\?[\d;]*c/g;

/** The input side of a terminal as the query needs it. */
export type TerminalInput = Pick<NodeJS.ReadStream, 'isRaw' | 'setRawMode' | 'on' | 'off' | 'resume' | 'pause' | 'unshift'>;

/**
 * Sends kitty's graphics query and then DA1, and reads the replies in raw mode (so they are not
 * echoed) until the DA1 reply, which every terminal sends and sends last, or until `timeoutMs`.
 * Then the input's previous raw mode is restored and it is paused; bytes that were not a reply
 * are put back. Resolves with 'kitty', 'sixel', or undefined when neither (or no answer).
 */
export function askTerminal(input: TerminalInput, out: NodeJS.WritableStream, timeoutMs: number): Promise<'kitty' | 'sixel' | undefined> {
  const wasRaw = input.isRaw;
  let received = '';
  return new Promise((resolve) => {
    const finish = (answer: 'kitty' | 'sixel' | undefined) => {
      clearTimeout(timer);
      input.off('data', onData);
      input.setRawMode(wasRaw);
      input.pause();
      const rest = received.replace(REPLIES, '');
      if (rest) input.unshift(Buffer.from(rest, 'latin1'));
      resolve(answer);
    };
    const onData = (chunk: Buffer | string) => {
      received += typeof chunk === 'string' ? Buffer.from(chunk).toString('latin1') : chunk.toString('latin1');
      const da1 = DA1_REPLY.exec(received);
      if (!da1) return;
      if (KITTY_OK.test(received)) finish('kitty');
      else finish(da1[1].split(';').includes('4') ? 'sixel' : undefined);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    input.setRawMode(true);
    input.on('data', onData);
    input.resume();
    out.write(KITTY_QUERY + DA1_QUERY);
  });
}
