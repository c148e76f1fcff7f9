/** OLLAMA_HOST: empty → the default; `host` or `host:port` without a scheme → http://, port 11434. */
export function normalizeOllamaHost(value: string): string {
  let trimmed = value.trim();
  if (!trimmed) return 'http://127.0.0.1:11434';
  if (trimmed.startsWith(':')) trimmed = `127.0.0.1${trimmed}`;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  const url = new URL(withScheme);
  if (!url.port && !/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) url.port = '11434';
  return url.toString().replace(/\/+$/, '');
}
