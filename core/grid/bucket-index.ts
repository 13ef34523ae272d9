/**
 * A uniform grid of buckets over item bounding boxes, for point queries on items of similar size (the cells of a
 * tiling). A point query reads one bucket: a few memory accesses instead of a tree walk, which is what makes
 * {@link GridLocator} several times faster than an R-tree search on 100k cells. Each bucket lists the items whose
 * bbox overlaps it in ascending item order, so the first hit of a scan is the lowest index.
 */
export interface BucketIndex {
  readonly minX: number;
  readonly minY: number;
  readonly columns: number;
  readonly rows: number;
  /** Buckets per degree along x and y. */
  readonly scaleX: number;
  readonly scaleY: number;
  /** Bucket `b` owns `items[start[b]] .. items[start[b + 1] - 1]`. */
  readonly start: Int32Array;
  readonly items: Int32Array;
}

/**
 * Builds a bucket index over `bboxes` (4 numbers per item: minX, minY, maxX, maxY), with buckets about half the
 * median item size. Returns null when the items are so uneven in size that the index would hold more than
 * `maxEntriesPerItem` entries per item on average (a caller then falls back to a tree).
 */
export function buildBucketIndex(bboxes: Float64Array, maxEntriesPerItem = 32): BucketIndex | null {
  const n = bboxes.length / 4;
  if (n === 0) return null;
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  const widths = new Float64Array(n),
    heights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    minX = Math.min(minX, bboxes[o]!);
    minY = Math.min(minY, bboxes[o + 1]!);
    maxX = Math.max(maxX, bboxes[o + 2]!);
    maxY = Math.max(maxY, bboxes[o + 3]!);
    widths[i] = bboxes[o + 2]! - bboxes[o]!;
    heights[i] = bboxes[o + 3]! - bboxes[o + 1]!;
  }
  widths.sort();
  heights.sort();
  const spanX = maxX - minX,
    spanY = maxY - minY;
  if (!(spanX > 0 && spanY > 0)) return null;
  const medianW = widths[n >> 1]! > 0 ? widths[n >> 1]! : spanX;
  const medianH = heights[n >> 1]! > 0 ? heights[n >> 1]! : spanY;
  // Half the median size: about 2-4 candidates per bucket in a tiling, and few buckets per item.
  const maxBuckets = Math.max(1024, n * 16);
  let columns = Math.max(1, Math.ceil((2 * spanX) / medianW));
  let rows = Math.max(1, Math.ceil((2 * spanY) / medianH));
  while (columns * rows > maxBuckets) {
    columns = Math.max(1, Math.ceil(columns / 2));
    rows = Math.max(1, Math.ceil(rows / 2));
  }
  const scaleX = columns / spanX,
    scaleY = rows / spanY;
  const cellRange = (i: number, out: Int32Array): void => {
    const o = i * 4;
    out[0] = Math.min(columns - 1, Math.floor((bboxes[o]! - minX) * scaleX));
    out[1] = Math.min(rows - 1, Math.floor((bboxes[o + 1]! - minY) * scaleY));
    out[2] = Math.min(columns - 1, Math.floor((bboxes[o + 2]! - minX) * scaleX));
    out[3] = Math.min(rows - 1, Math.floor((bboxes[o + 3]! - minY) * scaleY));
  };
  const range = new Int32Array(4);
  const start = new Int32Array(columns * rows + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    cellRange(i, range);
    for (let y = range[1]!; y <= range[3]!; y++)
      for (let x = range[0]!; x <= range[2]!; x++) start[y * columns + x + 1]!++;
    total += (range[2]! - range[0]! + 1) * (range[3]! - range[1]! + 1);
    if (total > n * maxEntriesPerItem + 1_000_000) return null;
  }
  for (let b = 1; b < start.length; b++) start[b]! += start[b - 1]!;
  const items = new Int32Array(total);
  const fill = start.slice(0, columns * rows);
  for (let i = 0; i < n; i++) {
    cellRange(i, range);
    for (let y = range[1]!; y <= range[3]!; y++)
      for (let x = range[0]!; x <= range[2]!; x++) items[fill[y * columns + x]!++] = i;
  }
  return { minX, minY, columns, rows, scaleX, scaleY, start, items };
}
