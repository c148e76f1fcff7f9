import type { AnswerResult } from '../core/answer/answer.js';
import type { ImageFile } from '../ground/types.js';
import { detectImageProtocol } from '../images/detect-protocol.js';
import type { ShowMode } from '../images/show-image.js';
import { pictureKeeper, type PictureKeeper } from '../repl/render/keep-picture.js';
import { imagesDir } from '../store/paths.js';
import { printNotice, printWarning } from './messages.js';
import type { AppContext } from './settings.js';

/**
 * ask's pictures: on a terminal (without --json) drawn on stdout, in the protocol --show names or
 * the terminal's own (asked only when the first picture comes); every one saved in the data
 * directory's images folder, its path on stderr; in a pipe stdout keeps only the text.
 */
export function askPictures(app: AppContext, options: { show?: ShowMode; json: boolean }): PictureKeeper {
  const draws = Boolean(process.stdout.isTTY) && !options.json;
  return pictureKeeper({
    dir: imagesDir(app.paths),
    out: process.stdout,
    mode: async () => (!draws ? 'none' : (options.show ?? (await detectImageProtocol({ env: process.env, input: process.stdin, out: process.stdout })))),
    say: (line, note) => (note === 'saved' ? printNotice(line) : printWarning(line)),
  });
}

/** The pictures of an answer, kept in the order they came; what history stores of each. */
export async function keepAnswerPictures(result: AnswerResult, keep: PictureKeeper, from = result.provider ?? 'the answer'): Promise<ImageFile[]> {
  const files: ImageFile[] = [];
  for (const image of result.images) {
    const file = await keep(image, from);
    if (file) files.push(file);
  }
  if (result.imagesDropped) printWarning(`${result.imagesDropped} more image(s) in the answer were not kept (at most ${result.images.length} are)`);
  return files;
}
