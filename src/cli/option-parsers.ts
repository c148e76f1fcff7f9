import { InvalidArgumentError } from 'commander';
import { parseByteSize } from './read-stdin.js';
import { checkHttpURL } from '../store/config/schema.js';
import { describeDecimalRange, parseDecimal } from '../ground/decimal.js';

export function numberIn(min: number, max: number, integer = false) {
  return (raw: string): number => {
    const value = parseDecimal(raw, { min, max, integer });
    if (value === undefined) throw new InvalidArgumentError(`expected ${describeDecimalRange({ min, max, integer })}`);
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
