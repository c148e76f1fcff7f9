import { Option, type Command } from 'commander';
import { byteSize, numberIn } from '../option-parsers.js';
import { addProviderOptions } from '../program-options.js';

/** `embed`: its arguments, options and help; its implementation is loaded only when it runs. */
export function defineEmbedCommand(program: Command): void {
  addProviderOptions(program.command('embed').description('turn text into vectors (JSON on stdout) with a provider that has an embeddings API').argument('[text...]', 'the text (without it, piped stdin is the text)'))
    .option('--lines', 'one text per line of stdin; prints one JSON array (a vector) per input line, in order')
    .addOption(new Option('--dimensions <n>', 'a shorter vector, where the model can give one (OpenAI text-embedding-3, Gemini)').argParser(numberIn(1, 65_536, true)))
    .addOption(new Option('--max-input <size>', 'most stdin read, e.g. 5M (default: 1M); more is refused before any request').argParser(byteSize))
    .addHelpText(
      'after',
      `
Output: one JSON object, {"provider":"…","model":"…","embeddings":[[0.01,…]]}, one vector per text;
with --lines, one JSON array per input line instead (line N of the output is the vector of line N).
Providers with an embeddings API (g4f-chat providers shows them): openai, mistral, gemini, ollama and
servers speaking their protocol (--base-url); the others in the chain are skipped. -m names the
embedding model (default: each provider's own, such as text-embedding-3-small or nomic-embed-text);
a chat model is refused. When the first provider does not answer, stderr says which one did.
Examples:
g4f-chat embed "a sentence to compare" | jq '.embeddings[0] | length'
g4f-chat embed -p ollama -m nomic-embed-text < notes.txt
grep . titles.txt | g4f-chat embed --lines -p openai > vectors.jsonl`,
    )
    .action(async (words: string[], flags) => {
      const { runEmbed } = await import('./embed.js');
      process.exitCode = await runEmbed(words, flags);
    });
}
