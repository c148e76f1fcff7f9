import TurndownService from 'turndown';

/**
 * A web page as markdown a model reads well: headings, lists, links (made absolute) and
 * code kept; the head, scripts, styles, navigation, forms and embedded media dropped.
 * Loaded only when a page is attached.
 */
export function htmlToMarkdown(html: string, pageURL: string): string {
  const service = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*' });
  service.remove(['head', 'title', 'script', 'style', 'noscript', 'iframe', 'svg', 'canvas', 'template', 'form', 'button', 'select', 'nav', 'footer', 'aside'] as TurndownService.Filter);
  service.addRule('absoluteLinks', {
    filter: (node) => node.nodeName === 'A' && Boolean(node.getAttribute('href')),
    replacement: (content, node) => {
      const href = absolute((node as { getAttribute(name: string): string | null }).getAttribute('href')!, pageURL);
      return content.trim() ? `[${content}](${href})` : '';
    },
  });
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1]?.replace(/\s+/g, ' ').trim();
  const body = service.turndown(html).replace(/\n{3,}/g, '\n\n').trim();
  return title && !body.startsWith(`# ${title}`) ? `# ${decodeEntities(title)}\n\n${body}\n` : `${body}\n`;
}

function absolute(href: string, base: string): string {
  try {
    return new URL(href, base).href;
  } catch {
    return href;
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name]!);
}
