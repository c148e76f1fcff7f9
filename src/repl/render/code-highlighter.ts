import type { ChalkInstance } from 'chalk';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import php from 'highlight.js/lib/languages/php';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

// The languages answers use most; their usual aliases (js, ts, py, sh, yml, html…) come with them.
const LANGUAGES = { bash, c, cpp, csharp, css, diff, go, java, javascript, json, kotlin, php, python, ruby, rust, sql, swift, typescript, xml, yaml };
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);

type Style = (text: string) => string;

/** Token classes to styles: a few colours, as terminal highlighters use them. */
function stylesFor(colors: ChalkInstance): Record<string, Style> {
  return {
    keyword: colors.magenta, built_in: colors.cyan, type: colors.cyan, literal: colors.blue, number: colors.yellow,
    string: colors.green, regexp: colors.red, comment: colors.dim, doccomment: colors.dim, meta: colors.dim,
    title: colors.blue, 'title.function': colors.blue, 'title.class': colors.cyan, attr: colors.yellow, attribute: colors.yellow,
    variable: colors.red, params: (t) => t, symbol: colors.yellow, tag: colors.red, name: colors.red, addition: colors.green, deletion: colors.red,
    section: colors.bold, subst: (t) => t,
  };
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#39;': "'" };

/**
 * One line of code in a language, styled for the terminal; undefined for a language it does
 * not know. Lines are highlighted one at a time as they complete, so a construct spanning
 * lines (a block comment) may be styled only where it starts. The text is sanitised already.
 */
export function createHighlighter(colors: ChalkInstance): (line: string, language: string) => string | undefined {
  const styles = stylesFor(colors);
  return (line, language) => {
    if (!hljs.getLanguage(language)) return undefined;
    const html = hljs.highlight(line, { language, ignoreIllegals: true }).value;
    return toAnsi(html, styles);
  };
}

/** highlight.js's `<span class="hljs-…">` markup as styled text. */
function toAnsi(html: string, styles: Record<string, Style>): string {
  const stack: Array<{ style?: Style; text: string }> = [{ text: '' }];
  for (const part of html.split(/(<span class="[^"]*">|<\/span>)/)) {
    if (part.startsWith('<span')) {
      const name = /class="hljs-([^" ]+)/.exec(part)?.[1] ?? '';
      stack.push({ style: styles[name] ?? styles[name.split('.')[0]], text: '' });
    } else if (part === '</span>' && stack.length > 1) {
      const done = stack.pop()!;
      stack[stack.length - 1].text += done.style && done.text ? done.style(done.text) : done.text;
    } else stack[stack.length - 1].text += part.replace(/&(amp|lt|gt|quot|#x27|#39);/g, (entity) => ENTITIES[entity]);
  }
  while (stack.length > 1) {
    const done = stack.pop()!;
    stack[stack.length - 1].text += done.text;
  }
  return stack[0].text;
}
