import TurndownService from 'turndown';

/**
 * A web page as markdown a model reads well: headings, lists, links and code kept; scripts,
 * styles, forms and embedded media dropped. Loaded only when a page is attached.
 */
export function htmlToMarkdown(html: string): string {
  const service = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*' });
  service.remove(['script', 'style', 'noscript', 'iframe', 'svg', 'canvas', 'template', 'form', 'button', 'select', 'head' as never]);
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1]?.replace(/\s+/g, ' ').trim();
  const body = service.turndown(html).replace(/\n{3,}/g, '\n\n').trim();
  return title && !body.startsWith(`# ${title}`) ? `# ${decodeEntities(title)}\n\n${body}\n` : `${body}\n`;
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name]!);
}
