import { cleanText } from './text.ts';

/**
 * Spellings of owner units that the general 市-prefix rule does not cover, mapped to the short
 * name that the bureau's plan tables use.
 */
const UNIT_ALIASES: ReadonlyMap<string, string> = new Map([
  ['大数据管理中心', '市大数据管理中心'],
  ['市发展和改革委员会', '市发改委'],
  ['市经济和信息化局', '市经信局'],
  ['市人力资源和社会保障局', '市人社局'],
  ['市卫生健康委员会', '市卫健委'],
]);

/** Splits a 建设单位 cell such as "市司法局、市发改委、市经信局" into names; the first is the lead unit. */
export function splitUnits(cell: string): string[] {
  return cell.split('、').map(cleanText);
}

/**
 * Builds the mapping from the unit names written in one table to canonical names. A name takes its
 * alias when it has one. Otherwise a name without the 市 prefix is the same unit as the 市-name with
 * that prefix, if the table or the alias table has it ("大数据管理中心" is "市大数据管理中心").
 * Any other name stays as written.
 */
export function buildUnitResolver(namesInTable: Iterable<string>): (name: string) => string {
  const cityNames = new Set([...UNIT_ALIASES.keys(), ...UNIT_ALIASES.values()]);
  for (const name of namesInTable) {
    if (name.startsWith('市')) cityNames.add(name);
  }

  return (name) => {
    const alias = UNIT_ALIASES.get(name);
    if (alias !== undefined) return alias;

    const prefixed = `市${name}`;
    if (name.startsWith('市') || !cityNames.has(prefixed)) return name;

    return UNIT_ALIASES.get(prefixed) ?? prefixed;
  };
}

/** Maps names to canonical names and drops repeats, keeping the first (lead) unit first. */
export function canonicaliseUnits(names: string[], resolve: (name: string) => string): string[] {
  return [...new Set(names.map(resolve))];
}
