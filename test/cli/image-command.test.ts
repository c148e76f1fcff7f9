import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers } from '../helpers/loopback-server.js';
import { formOf, openAIImagesStandIn, rawServer, sendBytes, sendJsonRaw } from '../helpers/image-stand-ins.js';
import { BIN, cleanEnv, tempHome } from '../helpers/run-cli.js';
import { groqAt } from '../helpers/tool-provider.js';
import { handMadePng, jpegFile, pixels, pngFile } from '../images/pictures.js';

afterEach(closeStartedServers);

interface BytesResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs the built CLI with stdout kept as bytes (a picture is not text). */
function runImage(args: readonly string[], options: { env?: Record<string, string>; home?: string; cwd?: string; input?: string; signalAfter?: (child: ReturnType<typeof spawn>, stderr: () => string) => void } = {}): Promise<BytesResult> {
  const home = options.home ?? tempHome();
  const child = spawn(process.execPath, [BIN, 'image', ...args], { env: { ...cleanEnv(home), ...options.env }, cwd: options.cwd ?? home, stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  child.stdin.end(options.input ?? '');
  options.signalAfter?.(child, () => stderr);
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  return new Promise((resolve) => child.on('close', (code) => (clearTimeout(timer), resolve({ code, stdout: Buffer.concat(out), stderr }))));
}

const openaiAt = (url: string) => ({ OPENAI_API_KEY: 'sk-test-1234567890abcdef', G4F_CHAT_OPENAI_BASE_URL: url });
const png = pngFile(16, 9);
const posts = <T extends { method: string }>(requests: T[]) => requests.filter((r) => r.method === 'POST');

describe('g4f-chat image', () => {
  it('in a pipe stdout gets exactly the picture\'s bytes and nothing else; the request is the documented one', async () => {
    const upstream = await rawServer(openAIImagesStandIn(png));
    const result = await runImage(['-p', 'openai', '--size', '1536x1024', '--quality', 'high', 'a', 'lighthouse', 'at', 'dusk'], { env: openaiAt(upstream.url) });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.equals(Buffer.from(png))).toBe(true);
    expect(result.stderr).toBe('');
    // An address set by a variable: the chat model list is not asked first (the image model is not in it).
    expect(upstream.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /images/generations']);
    const [request] = posts(upstream.requests);
    expect(JSON.parse(request.body.toString())).toEqual({ model: 'gpt-image-1', prompt: 'a lighthouse at dusk', n: 1, size: '1536x1024', quality: 'high' });
  });

  it('without words the prompt is piped stdin (both ends of the command in pipes)', async () => {
    const upstream = await rawServer(openAIImagesStandIn(png));
    const result = await runImage(['-p', 'openai'], { env: openaiAt(upstream.url), input: 'a lighthouse\nat dusk\n' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.equals(Buffer.from(png))).toBe(true);
    expect(JSON.parse(posts(upstream.requests)[0].body.toString()).prompt).toBe('a lighthouse\nat dusk');
  });

  it('-o with -n numbers the files (FILE-1, FILE-2…); without an extension the picture\'s own is added; paths on stderr', async () => {
    const upstream = await rawServer(openAIImagesStandIn(png));
    const home = tempHome();
    const result = await runImage(['-p', 'openai', '-n', '3', '-o', 'out.png', 'three lighthouses'], { env: openaiAt(upstream.url), home });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.length).toBe(0);
    for (const name of ['out-1.png', 'out-2.png', 'out-3.png']) expect(readFileSync(join(home, name)).equals(Buffer.from(png))).toBe(true);
    expect(result.stderr).toBe('saved out-1.png\nsaved out-2.png\nsaved out-3.png\n');
    const jpeg = jpegFile(12, 8);
    const pollinations = await rawServer((_req, res) => sendBytes(res, jpeg, 'image/jpeg'));
    const named = await runImage(['-p', 'pollinations', '-o', 'pic', 'a lighthouse'], { env: { G4F_CHAT_POLLINATIONS_BASE_URL: pollinations.url }, home });
    expect(named.code, named.stderr).toBe(0);
    expect(readFileSync(join(home, 'pic.jpg')).equals(Buffer.from(jpeg))).toBe(true);
  });

  it('--json names the provider, model, files (saved owner-only in the data directory) and the revised prompt', async () => {
    const upstream = await rawServer(openAIImagesStandIn(png, { revisedPrompt: 'A white lighthouse at dusk.' }));
    const home = tempHome();
    const result = await runImage(['-p', 'openai', '-m', 'dall-e-3', '-n', '2', '--json', 'lighthouse'], { env: openaiAt(upstream.url), home });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout.toString()) as { provider: string; model: string; files: Array<{ path: string; mime: string; width: number; height: number; bytes: number }>; revised_prompt: string };
    expect([json.provider, json.model, json.revised_prompt]).toEqual(['openai', 'dall-e-3', 'A white lighthouse at dusk.']);
    expect(json.files).toHaveLength(2);
    for (const file of json.files) {
      expect(file).toMatchObject({ mime: 'image/png', width: 16, height: 9, bytes: png.length });
      expect(file.path.startsWith(join(home, 'images'))).toBe(true);
      expect(file.path).toMatch(/\/\d{8}-\d{6}-[0-9a-f]{12}\.png$/);
      expect(readFileSync(file.path).equals(Buffer.from(png))).toBe(true);
      expect(statSync(file.path).mode & 0o777).toBe(0o600);
    }
    expect(posts(upstream.requests).map((r) => JSON.parse(r.body.toString()).response_format)).toEqual(['b64_json', 'b64_json']);
  });

  it('a hostile picture (a header claiming 100000×100000) is refused with one line, and nothing is written anywhere', async () => {
    const bomb = handMadePng(100_000, 100_000, new Uint8Array(16));
    const upstream = await rawServer(openAIImagesStandIn(bomb));
    const home = tempHome();
    const piped = await runImage(['-p', 'openai', 'x'], { env: openaiAt(upstream.url), home });
    expect(piped.code).toBe(1);
    expect(piped.stdout.length).toBe(0);
    expect(piped.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(piped.stderr).toMatch(/^g4f-chat: image not shown: the header says 100000×100000 pixels/);
    const toFile = await runImage(['-p', 'openai', '-o', 'out.png', '--json', 'x'], { env: openaiAt(upstream.url), home });
    expect(toFile.code).toBe(1);
    expect(toFile.stdout.length).toBe(0);
    expect(existsSync(join(home, 'out.png'))).toBe(false);
    expect(existsSync(join(home, 'images'))).toBe(false);
  });

  it('usage errors are one line with exit 2, before any request: -n in a pipe without -o, a bad --size, --seed openai lacks, a missing -f', async () => {
    const upstream = await rawServer(openAIImagesStandIn(png));
    const env = openaiAt(upstream.url);
    const several = await runImage(['-p', 'openai', '-n', '2', 'x'], { env });
    expect([several.code, several.stderr]).toEqual([2, 'g4f-chat: -n 2 makes 2 pictures, and stdout is a pipe that holds one: name files with -o FILE (FILE-1, FILE-2…)\n']);
    const size = await runImage(['-p', 'openai', '--size', '10x10', 'x'], { env });
    expect(size.code).toBe(2);
    expect(size.stderr).toContain('expected WIDTHxHEIGHT in pixels, each 64 to 8192');
    const seed = await runImage(['-p', 'openai', '--seed', '7', 'x'], { env });
    expect(seed.code).toBe(2);
    expect(seed.stderr).toBe("g4f-chat: openai's image API takes no --seed\n  hint: providers whose image API takes it: together, gemini, pollinations (-p NAME), or leave it out\n");
    const missing = await runImage(['-p', 'openai', '-f', 'nowhere.png', 'x'], { env });
    expect([missing.code, missing.stderr]).toEqual([2, 'g4f-chat: -f nowhere.png: no such file\n']);
    const empty = await runImage(['-p', 'openai'], { env });
    expect(empty.code).toBe(2);
    expect(posts(upstream.requests)).toHaveLength(0);
  });

  it('-f sends the picture to edit as multipart `image` to /images/edits', async () => {
    const upstream = await rawServer(openAIImagesStandIn(png));
    const home = tempHome();
    const input = jpegFile(10, 10);
    writeFileSync(join(home, 'photo.jpg'), input);
    const result = await runImage(['-p', 'openai', '-f', 'photo.jpg', 'the same at night'], { env: openaiAt(upstream.url), home });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.equals(Buffer.from(png))).toBe(true);
    const [request] = posts(upstream.requests);
    expect(request.url).toBe('/images/edits');
    const form = await formOf(request);
    expect(Buffer.from(await (form.get('image') as File).arrayBuffer()).equals(Buffer.from(input))).toBe(true);
    expect(form.get('prompt')).toBe('the same at night');
  });

  it('who drew it is said on stderr when it was not the first choice: a provider without an image API, then a failure', async () => {
    const groq = await rawServer((_req, res) => sendJsonRaw(res, 500, { error: 'not asked' }));
    const openai = await rawServer(openAIImagesStandIn(png));
    const skipped = await runImage(['-p', 'groq,openai', 'x'], { env: { ...groqAt(groq.url), ...openaiAt(openai.url) } });
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.stderr).toBe('groq skipped (has no image API); drawn by openai · gpt-image-1\n');
    expect(posts(groq.requests)).toHaveLength(0);

    const down = await rawServer((_req, res) => sendJsonRaw(res, 500, { error: { message: 'down' } }));
    const pollinations = await rawServer((_req, res) => sendBytes(res, png, 'image/png'));
    const env = { ...openaiAt(down.url), G4F_CHAT_POLLINATIONS_BASE_URL: pollinations.url };
    const held = await runImage(['-p', 'openai,pollinations', '--retries', '0', 'x'], { env });
    expect(held.code).toBe(1);
    expect(pollinations.requests).toHaveLength(0);
    const moved = await runImage(['-p', 'openai,pollinations', '--retries', '0', '--fallback', 'public', 'x'], { env });
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout.equals(Buffer.from(png))).toBe(true);
    expect(moved.stderr).toContain('openai failed (HTTP 500); trying pollinations\n');
    expect(moved.stderr.endsWith('openai failed (HTTP 500); drawn by pollinations · flux\n')).toBe(true);
  });

  it('Ctrl-C while the picture is drawn ends with 130 and the request closed; a closed pipe ends quietly', async () => {
    let closed = false;
    const slow = await rawServer((_req, res) => res.on('close', () => (closed = true)));
    const interrupted = await runImage(['-p', 'openai', 'x'], {
      env: openaiAt(slow.url),
      signalAfter: (child) => {
        const poll = setInterval(() => {
          if (posts(slow.requests).length > 0) {
            clearInterval(poll);
            child.kill('SIGINT');
          }
        }, 20);
      },
    });
    expect(interrupted.code).toBe(130);
    expect(interrupted.stdout.length).toBe(0);
    expect(closed).toBe(true);

    // A picture larger than a pipe's buffer, to a reader that goes away after the first chunk.
    const big = pngFile(700, 700, pixels(700, 700, () => [...randomBytes(3)] as [number, number, number]));
    const upstream = await rawServer(openAIImagesStandIn(big));
    const home = tempHome();
    const child = spawn(process.execPath, [BIN, 'image', '-p', 'openai', 'x'], { env: { ...cleanEnv(home), ...openaiAt(upstream.url) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect([code, stderr]).toEqual([0, '']);
    expect(readdirSync(home)).not.toContain('images');
  });
});
