import { Option, type Command } from 'commander';
import { imageSize } from '../image-size.js';
import { numberIn } from '../option-parsers.js';
import { addProviderOptions } from '../program-options.js';

/** `image`: its arguments, options and help; its implementation is loaded only when it runs. */
export function defineImageCommand(program: Command): void {
  const command = addProviderOptions(program.command('image').description('draw pictures from a prompt with a provider that has an image API').argument('[prompt...]', 'what to draw (without it, piped stdin is the prompt)'))
    .addOption(new Option('--size <WxH>', 'width x height in pixels, such as 1024x1024 or 1536x1024 (each side 64 to 8192; each API takes its own sizes)').argParser(imageSize))
    .addOption(new Option('-n, --count <n>', 'how many pictures, 1 to 10 (default: 1)').argParser(numberIn(1, 10, true)))
    .addOption(new Option('--seed <n>', 'a seed for the same picture again, where the API has one (gemini, pollinations, together)').argParser(numberIn(0, 2_147_483_647, true)))
    .addOption(new Option('--quality <level>', 'where the API has one (openai, pollinations)').choices(['low', 'medium', 'high', 'auto', 'standard', 'hd']))
    .option('-o, --output <file>', 'write the picture here (with -n, FILE-1, FILE-2…; without an extension, the picture\'s own)')
    .option('--json', 'print {"provider","model","files":[{"path","mime","width","height","bytes"}],"revised_prompt"} instead of the picture')
    .option('-f, --edit <picture>', 'a PNG, JPEG, GIF or WebP to edit, where the API takes one (openai, gemini)')
    .addOption(new Option('--show <how>', 'how a terminal shows it (default: detected from the terminal)').choices(['kitty', 'iterm', 'sixel', 'blocks', 'none']))
    .option('-q, --quiet', 'no progress line');
  // A picture's answer begins only when it is drawn: the waits are counted for that.
  describeOption(command, '--timeout', 'longest silence allowed, drawing included (default: 300)');
  describeOption(command, '--chain-timeout', 'longest the whole chain may take before a picture arrives (default: none)');
  command.options.find((option) => option.long === '--first-byte-timeout')?.hideHelp();
  command
    .addHelpText(
      'after',
      `
Where the picture goes:
  on a terminal  shown inline (kitty, iTerm2 or sixel graphics, else coloured half-blocks) and saved
                 in the data directory's images folder; the file's path is printed on stderr
  in a pipe      stdout gets the picture's bytes and nothing else (g4f-chat image "…" > out.png);
                 with -n over 1, name files with -o
  -o FILE        written to FILE (FILE-1, FILE-2… with -n); --json: saved, and described on stdout
Every picture's header is checked before it is shown or written: one that is not a PNG, JPEG,
GIF or WebP, is malformed, or is larger than the bounds is refused with one line.

Providers with an image API (the others in the chain are skipped): openai (gpt-image-1), gemini
(gemini-3.1-flash-image-preview), together, deepinfra, pollinations (keyless, in auto) and servers
of your own speaking OpenAI's images API (--base-url, or config). -m names the image model. An
option a provider's API lacks (--seed, --quality, -f) skips it in a chain, or is refused by name.
As with text, a prompt sent to your own providers never moves on to a public one unless
--fallback public says so; when the first provider does not draw, stderr says who did.

Examples:
g4f-chat image "a lighthouse at dusk"
g4f-chat image -p openai --size 1536x1024 --quality high "a lighthouse at dusk" > lighthouse.png
g4f-chat image -n 3 -o lighthouse.png "a lighthouse at dusk"
g4f-chat image -p gemini -f photo.jpg "the same scene at night" --json`,
    )
    .action(async (words: string[], flags) => {
      const { runImage } = await import('./image.js');
      process.exitCode = await runImage(words, flags);
    });
}

function describeOption(command: Command, long: string, description: string): void {
  const option = command.options.find((o) => o.long === long);
  if (option) option.description = description;
}
