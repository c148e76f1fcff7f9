import { InvalidArgumentError } from 'commander';
import { parseByteSize } from './read-stdin.js';
import { checkHttpURL } from '../store/config/config.js';

export function numberIn(min: number, max: number, integer = false) {
  return (raw: string): number => {
    const value = Number(raw.trim());
    // Decimal only: `0x1`, `0b11` and `1e3` are accepted by Number() but never meant.
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(raw.trim()) || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      throw new InvalidArgumentError(`expected ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
    }
    return value;
  };
}

export function httpURL(raw: string): string {
  try {
    return checkHttpURL(raw);
  } catch (error) {
    throw new InvalidArgumentError(`expected ${(error as Error).message}`);
  }
}

export function byteSize(raw: string): number {
  try {
    const bytes = parseByteSize(raw);
    if (bytes < 1) throw new Error('a size above 0');
    return bytes;
  } catch (error) {
    throw new InvalidArgumentError(`expected ${(error as Error).message}`);
  }
}
