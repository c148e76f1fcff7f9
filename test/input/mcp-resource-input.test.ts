import { describe, expect, it } from 'vitest';
import { InputBudget } from '../../src/input/input-budget.js';
import type { GatheredInput } from '../../src/input/input-types.js';
import { addMcpResource, parseMcpSpec, type McpResourceContents } from '../../src/input/mcp-resource-input.js';

const empty = (): GatheredInput => ({ texts: [], images: [], notes: [] });
const reader = (contents: McpResourceContents[]) => async () => contents;
const options = { maxImageBytes: 1024, signal: new AbortController().signal };
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');

describe('-f mcp:SERVER/URI contents', () => {
  it('names the server and keeps the whole URI, scheme included', () => {
    expect(parseMcpSpec('mcp:ev/demo://resource/static/a.md')).toEqual({ server: 'ev', uri: 'demo://resource/static/a.md' });
    expect(parseMcpSpec('mcp:/x')).toBeUndefined();
  });

  it('text as text, an image as an image, bytes of no text type named and never pasted', async () => {
    const gathered = empty();
    await addMcpResource('mcp:s/r://x', reader([
      { uri: 'r://a', mimeType: 'text/markdown', text: '# A' },
      { uri: 'r://b', mimeType: 'image/png', blob: PNG },
      { uri: 'r://c', mimeType: 'application/zip', blob: Buffer.from([0, 1, 2, 255]).toString('base64') },
    ]), new InputBudget(1000), gathered, options);
    expect(gathered.texts[0]).toEqual({ label: 'mcp:s/r://a', content: '# A', language: 'markdown' });
    expect(gathered.images).toEqual([{ label: 'mcp:s/r://b', image: { mediaType: 'image/png', data: PNG }, bytes: 16 }]);
    expect(gathered.texts[1]).toEqual({ label: 'mcp:s/r://c', content: '[application/zip data, 4 bytes, not included]' });
    expect(gathered.notes[0]).toMatch(/mcp:s\/r:\/\/c: application\/zip data, 4 bytes?, not sent/);
  });

  it('counts text against the same budget as files, and refuses an image over the limit', async () => {
    await expect(addMcpResource('mcp:s/r://x', reader([{ uri: 'r://a', text: 'x'.repeat(2000) }]), new InputBudget(1000), empty(), options)).rejects.toThrow(/more than .*nothing was sent/);
    const big = Buffer.alloc(2048).toString('base64');
    await expect(addMcpResource('mcp:s/r://x', reader([{ uri: 'r://a', mimeType: 'image/png', blob: big }]), new InputBudget(1000), empty(), options)).rejects.toThrow(/over the .* limit; nothing was sent/);
  });
});
