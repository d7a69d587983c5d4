/** Dotted version numbers (Entra Connect's 2.5.79.0), compared as numbers. */

/** Compares dotted version strings numerically (1.6.4.0 < 2.5.79.0); null when either is not one. */
export const compareVersions = (a: string, b: string): number | null => {
  const parse = (v: string) => (/^\d+(\.\d+){1,3}$/.test(v.trim()) ? v.trim().split('.').map(Number) : null);
  const x = parse(a);
  const y = parse(b);
  if (x === null || y === null) return null;
  for (let i = 0; i < 4; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
};
