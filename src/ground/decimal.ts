/** Plain decimal numbers only: `0x1`, `0b11` and `1e3` are accepted by Number() but never what a person types. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export interface DecimalRange {
  min: number;
  max: number;
  /** Whole numbers only. */
  integer?: boolean;
}

/** The number `raw` spells within the range, or undefined when it is not one (blanks included). */
export function parseDecimal(raw: string, range: DecimalRange): number | undefined {
  const trimmed = raw.trim();
  const value = Number(trimmed);
  if (!DECIMAL.test(trimmed) || !Number.isFinite(value) || value < range.min || value > range.max) return undefined;
  if (range.integer && !Number.isInteger(value)) return undefined;
  return value;
}

/** What the range takes, in words: `a whole number from 0 to 10`. */
export function describeDecimalRange(range: DecimalRange): string {
  return `${range.integer ? 'a whole number' : 'a number'} from ${range.min} to ${range.max}`;
}
