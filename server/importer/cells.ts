import type { Nature } from './types.ts';
import { removeWhitespace } from './text.ts';

/** Printed 建设内容 of a classified project. */
export const CLASSIFIED_SCOPE = '涉密，略';

const NATURES: ReadonlyMap<string, Nature> = new Map([
  ['新建', 'new'],
  ['新建(升级)', 'upgrade'],
  ['历年', 'continuing'],
]);

/** Reads 建设性质, accepting full- and half-width brackets. Returns null for any other value. */
export function parseNature(text: string): Nature | null {
  const halfWidth = removeWhitespace(text).replace(/（/g, '(').replace(/）/g, ')');
  return NATURES.get(halfWidth) ?? null;
}

export interface Period {
  startYear: number;
  endYear: number;
}

/** Reads 建设年限 such as "2022" or "2021-2023" (any dash, ～ or 至 between the years); null when invalid. */
export function parsePeriod(text: string): Period | null {
  const match = /^(\d{4})(?:[-－–—~～至](\d{4}))?$/.exec(removeWhitespace(text));
  if (match === null) return null;

  const startYear = Number(match[1]);
  const endYear = match[2] === undefined ? startYear : Number(match[2]);
  return endYear >= startYear ? { startYear, endYear } : null;
}

/** Tells whether 建设内容 marks a classified project ("涉密，略" with a comma of either width). */
export function isClassifiedScope(scope: string): boolean {
  return removeWhitespace(scope).replace(/,/g, '，') === CLASSIFIED_SCOPE;
}
