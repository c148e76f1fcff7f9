import type { Command } from 'commander';
import { Option } from 'commander';
import { httpURL, numberIn } from '../option-parsers.js';

const collect = (value: string, previous: string[]) => [...previous, value];

/** `serve`: its arguments, options and help; its implementation is loaded only when it runs. */
export function defineServeCommand(program: Command): void {
  program
    .command('serve')
    .description('an OpenAI-compatible server in front of every provider, for editors, scripts and SDKs')
    .option('--host <host>', 'address to bind (default: 127.0.0.1; others need --api-key or --insecure)', '127.0.0.1')
    .addOption(new Option('--port <port>', 'port (default: 1337; 0 picks a free one)').argParser(numberIn(0, 65_535, true)).default(1337))
    .option('-p, --provider <id>', 'provider chain for model "auto" (default: auto)')
    .option('--api-key <token>', 'token clients must send as "Authorization: Bearer <token>"')
    .option('--allow-origin <origin>', 'let web pages of this origin use the server (loopback pages always may; "*" any page); repeatable', collect, [])
    .option('--allow-host <name>', 'answer requests whose Host is this name (besides localhost and the address listened on; "*" any); repeatable', collect, [])
    .option('--map <name=provider/model>', 'send requests for model NAME to PROVIDER/MODEL (Gemini and Ollama clients send their own names); repeatable', collect, [])
    .addOption(new Option('--cors <origin>').hideHelp())
    .option('--store <where>', 'where stored responses and conversations go: redis://HOST:PORT (shared by several serve processes) or files (default, in the state directory)')
    .addOption(new Option('--idle-timeout <sec>', 'close a connection that sends nothing, or not its whole headers, within this (default: 10)').argParser(numberIn(0.1, 3600)))
    .option('--insecure', 'bind a non-loopback address without a token')
    .addOption(new Option('--proxy <url>', 'HTTP(S) proxy for upstream requests').argParser(httpURL))
    .addOption(new Option('--timeout <sec>', 'longest upstream silence (default: 60)').argParser(numberIn(0.1, 3600)))
    .addOption(new Option('--max-time <sec>', 'longest one provider may take per request (default: 600)').argParser(numberIn(1, 86_400)))
    .addOption(new Option('--retries <n>', 'retries of a failing provider (default: 2)').argParser(numberIn(0, 10, true)))
    .addOption(new Option('--fallback <where>', 'private (default) or public: may a request move from your own providers to public ones').choices(['private', 'public']))
    .addHelpText(
      'after',
      `
Models: "auto" (the chain), "provider/model" (openai/gpt-4o-mini, ollama/llama3.2), or a bare
model name any provider lists. GET /v1/models lists them; GET /health answers ok.
APIs: OpenAI chat completions and responses, Anthropic messages (/v1/messages), Gemini
(/v1beta/models/NAME:generateContent; a name the chain does not know goes to the chain) and
Ollama (/api/chat, /api/generate, /api/tags). --map gemini-2.5-pro=groq/llama-3.3-70b-versatile
Images: POST /v1/images/generations and /v1/images/edits (multipart, one picture up to 64 MiB)
through the chain's providers with an image API; "response_format": "url" gives a URL on this
server (GET /v1/images/files/ID, no token needed, kept one hour, in the store below).
Browsers: a request is refused (403) when its Host is not localhost, 127.0.0.1, [::1], the address
listened on or an --allow-host name, or when it comes from a web page whose origin is not a
loopback one or an --allow-origin one; every POST needs Content-Type: application/json (415),
or multipart/form-data on /v1/images/edits.
Bounds: a connection that sends nothing, or not its whole headers, within --idle-timeout (10 s)
is closed; an idle kept-alive connection after 5 s; a whole request (body up to 16 MiB) must
arrive within 120 s. An answer itself is bounded by --timeout and --max-time.
Stored: responses (store, previous_response_id, GET/DELETE /v1/responses/{id}) and conversations
(/v1/conversations) are kept 30 days, in files (10000 records, 256 MiB, oldest dropped first) or
in Redis/Valkey with --store redis://HOST:PORT; each belongs to the --api-key that made it.
curl http://127.0.0.1:1337/v1/chat/completions -H 'content-type: application/json' \\
  -d '{"model":"auto","messages":[{"role":"user","content":"hi"}],"stream":true}'
new OpenAI({ baseURL: 'http://127.0.0.1:1337/v1', apiKey: 'unused' })`,
    )
    .action(async (flags) => {
      const { runServe } = await import('./serve.js');
      process.exitCode = await runServe(flags);
    });
}
