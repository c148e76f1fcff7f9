/** Languages named after a file's extension in the fence's info string. */
const LANGUAGES: Readonly<Record<string, string>> = {
  ts: 'ts', tsx: 'tsx', js: 'js', mjs: 'js', cjs: 'js', jsx: 'jsx', py: 'python', rb: 'ruby', rs: 'rust', go: 'go',
  java: 'java', kt: 'kotlin', c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', hpp: 'cpp', cs: 'csharp', swift: 'swift',
  php: 'php', sh: 'sh', bash: 'bash', zsh: 'zsh', fish: 'fish', ps1: 'powershell', sql: 'sql', json: 'json',
  yaml: 'yaml', yml: 'yaml', toml: 'toml', xml: 'xml', html: 'html', css: 'css', scss: 'scss', md: 'markdown',
  lua: 'lua', r: 'r', scala: 'scala', dart: 'dart', ex: 'elixir', exs: 'elixir', hs: 'haskell', ml: 'ocaml',
  vue: 'vue', svelte: 'svelte', dockerfile: 'dockerfile', makefile: 'makefile', tf: 'hcl', ini: 'ini',
};

/** `python` for `a/b.py`, `dockerfile` for `Dockerfile`, '' when unknown. */
export function languageOf(label: string): string {
  const name = label.split(/[\\/]/).pop()!.toLowerCase();
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;
  return LANGUAGES[extension] ?? '';
}

/**
 * One attached text: its path (or URL) as a heading, then its content in a fenced block
 * whose fence is longer than any run of backticks inside, so the content cannot close it.
 */
export function fencedBlock(label: string, content: string, language = languageOf(label)): string {
  let longest = 0;
  for (const run of content.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const body = content.endsWith('\n') ? content : `${content}\n`;
  return `### ${label}\n${fence}${language}\n${body}${fence}`;
}
