// The key under which a carried-over (历年) project is recognised in a later batch. Tables of
// different years print the same project with different spacing, full-width or half-width
// characters, and sometimes a year appended to the name.

/** A year or a range of years at the end of a name, e.g. （2022年）, (2021-2023), 2022年度. */
const trailingYear = /\(?(?:19|20)\d{2}(?:[-~至](?:19|20)\d{2})?年?度?\)?$/u;

/**
 * Normalises a project name for matching across batches: Unicode NFKC (full-width letters,
 * digits, brackets and spaces become half-width), no whitespace, lower case, straight quotes,
 * and no trailing year. A leading year stays, because 2019年度政务云扩容 and 2021年度政务云扩容
 * are different projects.
 */
export function projectNameKey(name: string): string {
  const compact = name
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(/[“”„‟〝〞＂]/gu, '"')
    .replace(/[‘’‚‛]/gu, "'")
    .toLowerCase();
  const withoutYear = compact.replace(trailingYear, '');
  // A name that is nothing but a year keeps it, so it still has a key.
  return withoutYear === '' ? compact : withoutYear;
}
