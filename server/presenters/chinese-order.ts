// Chinese names in the order people look them up in a list: by pinyin, which the zh-CN collation
// of Node's ICU gives. MongoDB's sort without a collation would order them by code point.
const collator = new Intl.Collator('zh-CN');

/** Compares two Chinese names in pinyin order, as a sort comparator. */
export const compareChinese = (a: string, b: string): number => collator.compare(a, b);

/** Sorts records by their `name` in pinyin order, in place, and returns them. */
export function sortByChineseName<T extends { name: string }>(records: T[]): T[] {
  return records.sort((a, b) => compareChinese(a.name, b.name));
}
