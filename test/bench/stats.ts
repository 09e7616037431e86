/** Nearest-rank percentile over a sample; the sample is sorted in place. */
export function percentile(sample: number[], fraction: number): number {
  if (sample.length === 0) return Number.NaN;
  sample.sort((a, b) => a - b);
  const rank = Math.min(sample.length - 1, Math.max(0, Math.ceil(fraction * sample.length) - 1));
  return sample[rank] ?? Number.NaN;
}

export function perSecond(count: number, elapsedMs: number): number {
  return Math.round((count * 1000) / elapsedMs);
}

export function elapsedMsSince(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e6;
}

export function mebibytes(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}
