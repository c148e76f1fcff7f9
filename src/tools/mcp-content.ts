import type { ImageInput } from '../ground/types.js';

/** A tool call's result for the model: its text, the images it holds, its structured content. */
export interface ToolOutput {
  text: string;
  /** Image content (and nothing else): sent as image parts to a model that takes images. */
  images: ImageInput[];
  /** One labelled line per image or audio block, for the screen: `[image image/png, 1.2 KB]`. */
  media: string[];
}

interface Block {
  type?: unknown;
  text?: unknown;
  data?: unknown;
  mimeType?: unknown;
  uri?: unknown;
  name?: unknown;
  resource?: { uri?: unknown; mimeType?: unknown; text?: unknown; blob?: unknown };
}

const bytesOf = (base64: unknown) => (typeof base64 === 'string' ? Math.floor((base64.replace(/=+$/, '').length * 3) / 4) : 0);
const kb = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);

/**
 * Every content block of a `tools/call` result as the model should get it: text as it is, an
 * embedded resource's text with its URI (its bytes named), a resource link named, images kept
 * as images and named in the text, audio named; `structuredContent` is added as JSON when the
 * text does not already carry it.
 */
export function toolOutput(result: { content?: unknown; isError?: unknown; structuredContent?: unknown }): ToolOutput {
  const blocks = Array.isArray(result.content) ? (result.content as Block[]) : [];
  const lines: string[] = [];
  const images: ImageInput[] = [];
  const media: string[] = [];
  for (const block of blocks) {
    const mime = typeof block?.mimeType === 'string' ? block.mimeType : '';
    switch (block?.type) {
      case 'text':
        lines.push(String(block.text ?? ''));
        break;
      case 'image':
      case 'audio': {
        const label = `[${block.type} ${mime || 'unknown type'}, ${kb(bytesOf(block.data))}]`;
        media.push(label);
        lines.push(label);
        if (block.type === 'image' && typeof block.data === 'string' && mime.startsWith('image/')) images.push({ mediaType: mime, data: block.data });
        break;
      }
      case 'resource': {
        const r = block.resource ?? {};
        const uri = String(r.uri ?? '');
        const type = typeof r.mimeType === 'string' ? ` ${r.mimeType}` : '';
        if (typeof r.text === 'string') lines.push(`[resource ${uri}${type}]\n${r.text}`);
        else lines.push(`[resource ${uri}${type}, ${kb(bytesOf(r.blob))} of binary data]`);
        break;
      }
      case 'resource_link':
        lines.push(`[resource link ${String(block.uri ?? '')}${typeof block.name === 'string' ? ` (${block.name})` : ''}${mime ? ` ${mime}` : ''}]`);
        break;
      default:
        lines.push(`[${String(block?.type)} content]`);
    }
  }
  let text = lines.join('\n');
  if (result.structuredContent !== undefined) {
    const json = JSON.stringify(result.structuredContent);
    if (!text.includes(json)) text = text ? `${text}\n${json}` : json;
  }
  return { text: result.isError === true ? `error: ${text}` : text, images, media };
}
