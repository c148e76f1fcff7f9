import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';

/** A server's log never grows past this: the oldest half is dropped, with a line saying so. */
export const MCP_LOG_MAX_BYTES = 5 * 1024 * 1024;

/**
 * A server's stderr and its `notifications/message` lines, appended to `mcp-NAME.log` (0600).
 * A server flooding stderr is slowed by backpressure (its writes wait for ours) and its log
 * stays under `maxBytes`: past it, the newer half is kept behind a line naming what was dropped.
 */
export class CappedLog extends Writable {
  private size = -1;
  constructor(
    private readonly path: string,
    private readonly maxBytes = MCP_LOG_MAX_BYTES,
  ) {
    super({ decodeStrings: true });
    this.on('error', () => {});
  }

  /** One line of ours (a logging notification), through the same bound. */
  line(text: string): void {
    if (!this.writableEnded && !this.destroyed) this.write(`${text.replace(/\n+$/, '')}\n`);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.append(chunk).then(() => done(), () => done());
  }

  private async append(chunk: Buffer): Promise<void> {
    if (this.size < 0) this.size = (await stat(this.path).catch(() => undefined))?.size ?? 0;
    // One chunk larger than the whole bound keeps only its end.
    if (chunk.length > this.maxBytes / 2) chunk = chunk.subarray(chunk.length - Math.floor(this.maxBytes / 2));
    if (this.size + chunk.length > this.maxBytes) await this.dropOldestHalf();
    const handle = await open(this.path, 'a', 0o600);
    try {
      await handle.write(chunk);
    } finally {
      await handle.close();
    }
    this.size += chunk.length;
  }

  /** Rewrites the file as a note and its newer half, atomically (a crash leaves the old file). */
  private async dropOldestHalf(): Promise<void> {
    const keep = Math.floor(this.maxBytes / 2);
    let source: FileHandle | undefined;
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      source = await open(this.path, 'r');
      const total = (await source.stat()).size;
      const tail = Buffer.alloc(Math.min(keep, total));
      await source.read(tail, 0, tail.length, total - tail.length);
      // Start the kept part at a line's beginning.
      const newline = tail.indexOf(10);
      const kept = newline >= 0 && newline < tail.length - 1 ? tail.subarray(newline + 1) : tail;
      const note = Buffer.from(`[log cut at ${new Date().toISOString()}: the oldest ${total - kept.length} bytes were dropped to keep this log under ${this.maxBytes} bytes]\n`);
      const target = await open(temporary, 'w', 0o600);
      try {
        await target.write(Buffer.concat([note, kept]));
      } finally {
        await target.close();
      }
      await rename(temporary, this.path);
      this.size = note.length + kept.length;
    } catch {
      await rm(temporary, { force: true });
      this.size = 0;
    } finally {
      await source?.close();
    }
  }
}
