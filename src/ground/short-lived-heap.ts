import { setFlagsFromString } from 'node:v8';

/**
 * For a process that answers once and exits (`ask`): V8's young generation stays at its
 * starting size instead of doubling each time enough objects have outlived a collection. A
 * long streamed answer then peaks about 7 MiB lower (58 instead of 65 MiB for 200,000 chunks
 * on Node 20) for a few more, cheap, young collections. The flag is read at each growth, so
 * setting it at run time takes effect; every Node from 20 to 26 knows it (an unknown flag
 * would be printed on stderr, so a later Node is left as it is until checked).
 */
export function keepYoungGenerationSmall(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 20 && major <= 26) setFlagsFromString('--semi-space-growth-factor=1');
}
