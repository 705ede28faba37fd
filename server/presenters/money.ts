/** Formats an amount in 分 as 万元 with the table's decimals (up to three), e.g. 41.615. */
export function fenToWanyuan(fen: number): string {
  const negative = fen < 0;
  const digits = String(Math.abs(fen)).padStart(7, '0');
  const whole = digits.slice(0, -6).replace(/^0+(?=\d)/, '');
  const fraction = digits.slice(-6).replace(/0+$/, '');
  const decimals = fraction.length > 3 ? fraction : fraction.slice(0, 3);
  return `${negative ? '-' : ''}${whole}${decimals === '' ? '' : `.${decimals}`}`;
}
