// Chinese characters and the CJK and full-width punctuation that sits between them.
const CJK = String.raw`\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF\u2018-\u201D`;
const STRAY_SPACE = new RegExp(`(?<=[${CJK}])\\s+(?=[${CJK}\\d])|(?<=[${CJK}\\d])\\s+(?=[${CJK}])`, 'gu');

/**
 * Cleans a cell or header line: trims it, drops the spaces that PDF and Word exports put next to
 * Chinese text ("舟山市 2022 年度" → "舟山市2022年度") and collapses the remaining runs of
 * whitespace, so "市委组织部 DZG 升级改造项目" keeps its spaces around the Latin word.
 */
export function cleanText(text: string): string {
  return text.trim().replace(STRAY_SPACE, '').replace(/\s+/g, ' ');
}

/** Removes every whitespace character, for labels such as "合  计" and dates. */
export function removeWhitespace(text: string): string {
  return text.replace(/\s+/g, '');
}
