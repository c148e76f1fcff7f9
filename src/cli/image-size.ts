import { InvalidArgumentError } from 'commander';

/** The smallest and largest side `--size` takes (every API has its own bounds within these). */
const MIN_SIDE = 64;
const MAX_SIDE = 8192;

/** `--size 1536x1024` (or `1536×1024`): whole pixels, each side within bounds. */
export function imageSize(raw: string): { width: number; height: number } {
  // `\u00d7` is `×`, escaped so that the bundle stays ASCII (test/architecture/ascii-bundle.test.ts).
  const match = /^\s*(\d{1,5})\s*[x\u00d7X]\s*(\d{1,5})\s*$/.exec(raw);
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (!match || [width, height].some((side) => side < MIN_SIDE || side > MAX_SIDE)) {
    throw new InvalidArgumentError(`expected WIDTHxHEIGHT in pixels, each ${MIN_SIDE} to ${MAX_SIDE}, such as 1024x1024`);
  }
  return { width, height };
}
