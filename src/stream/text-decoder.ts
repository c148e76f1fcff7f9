/** Raw UTF-8 text: every byte of the body is text; a character split across chunks is held back. */
export class TextStreamDecoder {
  // The body is kept byte for byte, so a leading BOM is text too.
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  push(bytes: Uint8Array): string {
    return this.decoder.decode(bytes, { stream: true });
  }

  end(): string {
    return this.decoder.decode();
  }
}
