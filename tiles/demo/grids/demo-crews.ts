import type { Crew, Grid, Utility } from '../../../core/model/index.js';
import { UTILITIES } from '../../../core/model/index.js';
import { chineseOrdinal, type DemoNamer, type DistrictInfo } from './grid-names.js';

/** Chinese names of the utilities as crew names use them (`浦东供水抢修一队`). */
const UTILITY_ZH: Record<Utility, string> = {
  water: '供水',
  sewer: '污水',
  storm: '雨水',
  gas: '燃气',
  power: '供电',
  telecom: '通信',
  heat: '供热',
};

/** English names of the utilities as crew names use them (`Pudong Water Repair Crew 1`). */
const UTILITY_EN: Record<Utility, string> = {
  water: 'Water',
  sewer: 'Sewer',
  storm: 'Storm Drain',
  gas: 'Gas',
  power: 'Power',
  telecom: 'Telecom',
  heat: 'Heating',
};

/** The district's English name without its kind (`Pudong New Area` -> `Pudong`), as `short` is in Chinese. */
function districtShortEn(district: DistrictInfo): string {
  return district.nameEn.replace(/ (New Area|District)$/, '');
}

/** Area one crew of a utility covers in the demo, m²: a large district gets more than one crew per utility. */
const CREW_AREA_M2 = 3.5e6;

/**
 * Creates the utility crews of one district, and sets `crewIds` of its cells. Each utility gets
 * `round(area / 3.5 km²)` crews (at least one, at most three); the district's cells are split into that many
 * contiguous runs along its west-east or south-north extent, one per crew, and a crew's base is the label point
 * of the middle cell of its run.
 */
export function assignDistrictCrews(
  district: DistrictInfo,
  districtAreaM2: number,
  cells: Grid[],
  namer: DemoNamer,
): Crew[] {
  if (cells.length === 0) return [];
  const count = Math.min(3, cells.length, Math.max(1, Math.round(districtAreaM2 / CREW_AREA_M2)));
  const xs = cells.map((c) => c.labelPosition[0]),
    ys = cells.map((c) => c.labelPosition[1]);
  const spanX = (Math.max(...xs) - Math.min(...xs)) * Math.cos((ys[0]! * Math.PI) / 180);
  const spanY = Math.max(...ys) - Math.min(...ys);
  const axis = spanX >= spanY ? 0 : 1;
  const ordered = cells
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.labelPosition[axis] - b.c.labelPosition[axis] || a.i - b.i);
  const runOf = new Map<string, number>();
  ordered.forEach(({ c }, k) => runOf.set(c.id, Math.min(count - 1, Math.floor((k * count) / ordered.length))));
  const crews: Crew[] = [];
  for (const utility of UTILITIES) {
    for (let run = 0; run < count; run++) {
      const inRun = ordered.filter(({ c }) => runOf.get(c.id) === run);
      const middle = inRun[Math.floor(inRun.length / 2)]!.c;
      crews.push({
        id: `crew-${district.code}-${utility}-${run + 1}`,
        utility,
        name: `${district.short}${UTILITY_ZH[utility]}抢修${chineseOrdinal(run + 1)}队`,
        nameEn: `${districtShortEn(district)} ${UTILITY_EN[utility]} Repair Crew ${run + 1}`,
        phone: namer.phone(),
        base: [middle.labelPosition[0], middle.labelPosition[1]],
      });
    }
  }
  for (const cell of cells) {
    const run = runOf.get(cell.id)!;
    cell.crewIds = UTILITIES.map((u) => `crew-${district.code}-${u}-${run + 1}`);
  }
  return crews;
}
