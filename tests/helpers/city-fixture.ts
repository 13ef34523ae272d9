import {
  CityBundleSchema,
  type BuildingInput,
  type CityBundle,
  type CityBundleInput,
  type LonLat,
  type MultiPolygonCoords,
} from '../../core/model/index.js';
import { SeededRandom } from '../../core/random/index.js';

/** Centre of the fixture city (Lujiazui, Shanghai). */
export const FIXTURE_CENTER: LonLat = [121.5055, 31.2397];

/** A square footprint of `sizeDeg` around `[lon, lat]`, as MultiPolygon coordinates. */
export function squareAt(lon: number, lat: number, sizeDeg = 0.0002): MultiPolygonCoords {
  const h = sizeDeg / 2;
  return [
    [
      [
        [lon - h, lat - h],
        [lon + h, lat - h],
        [lon + h, lat + h],
        [lon - h, lat + h],
        [lon - h, lat - h],
      ],
    ],
  ];
}

const SYNTHETIC = { source: 'test-fixture', synthetic: true };
const [CX, CY] = FIXTURE_CENTER;

/**
 * A small, complete city: six buildings with Chinese addresses (two on 陆家嘴环路, three on 世纪大道), a water
 * network (reservoir, junctions, a valve, a hydrant, five pipes) and a sewer network (manholes, an outfall, two
 * conduits), a grid hierarchy district > street > community > two cells (west and east of the centre), two crews
 * and four sensors. Parsed with CityBundleSchema, so it equals what a store reads back.
 */
export function makeCityFixture(options: { cityId?: string; name?: string } = {}): CityBundle {
  const cityId = options.cityId ?? 'fixture-city';
  const b = (id: string, dx: number, dy: number, extra: Partial<BuildingInput>) => ({
    id,
    footprint: squareAt(CX + dx, CY + dy),
    roofHeightM: 30,
    provenance: SYNTHETIC,
    ...extra,
  });
  const cellW = 'g-cell-w',
    cellE = 'g-cell-e';
  const input: CityBundleInput = {
    city: {
      id: cityId,
      name: options.name ?? '陆家嘴测试区',
      nameEn: 'Lujiazui test district',
      center: FIXTURE_CENTER,
      bbox: [CX - 0.01, CY - 0.01, CX + 0.01, CY + 0.01],
      groundElevationM: 4,
      attribution: ['test fixture'],
      seed: 7,
      createdAt: 1_700_000_000_000,
    },
    buildings: [
      b('b-001', -0.004, 0.002, {
        name: '上海中心大厦',
        nameEn: 'Shanghai Tower',
        use: 'office',
        floors: 128,
        roofHeightM: 632,
        address: { street: '银城中路', number: '501' },
        gridId: cellW,
        population: 0,
      }),
      b('b-002', -0.003, 0.001, {
        name: '上海环球金融中心',
        nameEn: 'Shanghai World Financial Center',
        use: 'office',
        address: { street: '世纪大道', number: '100' },
        gridId: cellW,
      }),
      b('b-003', -0.002, 0.0, {
        name: '金茂大厦',
        nameEn: 'Jin Mao Tower',
        use: 'mixed',
        address: { street: '世纪大道', number: '88' },
        gridId: cellW,
      }),
      b('b-004', 0.002, -0.001, {
        use: 'residential',
        population: 240,
        floors: 18,
        address: { street: '陆家嘴环路', number: '1388' },
        gridId: cellE,
        attributes: { 'building:levels': 18 },
      }),
      b('b-005', 0.003, -0.002, {
        use: 'residential',
        address: { street: '陆家嘴环路', number: '1000' },
        gridId: cellE,
      }),
      b('b-006', 0.004, 0.003, {
        name: '东方明珠',
        nameEn: 'Oriental Pearl Tower',
        use: 'public',
        address: { street: '世纪大道', number: '1' },
        gridId: cellE,
      }),
    ],
    networks: [
      { id: 'net-water', utility: 'water', name: '供水管网', provenance: SYNTHETIC, metadata: { headloss: 'H-W' } },
      { id: 'net-sewer', utility: 'sewer', name: '污水管网', provenance: SYNTHETIC },
    ],
    nodes: [
      node('w-r1', 'net-water', 'water', 'reservoir', -0.006, 0.0, cellW, {
        name: '浦东水厂',
        hydraulics: { headM: 40 },
      }),
      node('w-j1', 'net-water', 'water', 'junction', -0.004, 0.0, cellW, { hydraulics: { demandLps: 1.5 } }),
      node('w-j2', 'net-water', 'water', 'junction', -0.001, 0.0, cellW),
      node('w-v1', 'net-water', 'water', 'valve', 0.001, 0.0, cellE, { normallyOpen: true }),
      node('w-j3', 'net-water', 'water', 'junction', 0.003, 0.0, cellE),
      node('w-h1', 'net-water', 'water', 'hydrant', 0.003, 0.002, cellE),
      node('s-m1', 'net-sewer', 'sewer', 'manhole', 0.002, -0.003, cellE),
      node('s-m2', 'net-sewer', 'sewer', 'manhole', 0.004, -0.003, cellE),
      node('s-o1', 'net-sewer', 'sewer', 'outfall', 0.006, -0.003, cellE, { name: '黄浦江排放口' }),
    ],
    links: [
      link(
        'w-p1',
        'net-water',
        'water',
        'pipe',
        'w-r1',
        'w-j1',
        [
          [-0.006, 0],
          [-0.004, 0],
        ],
        cellW,
        { diameterMm: 600, material: 'DI', installYear: 1995 },
      ),
      link(
        'w-p2',
        'net-water',
        'water',
        'pipe',
        'w-j1',
        'w-j2',
        [
          [-0.004, 0],
          [-0.001, 0],
        ],
        cellW,
        { name: '世纪大道主管' },
      ),
      link(
        'w-p3',
        'net-water',
        'water',
        'pipe',
        'w-j2',
        'w-v1',
        [
          [-0.001, 0],
          [0.001, 0],
        ],
        null,
      ),
      link(
        'w-p4',
        'net-water',
        'water',
        'pipe',
        'w-v1',
        'w-j3',
        [
          [0.001, 0],
          [0.003, 0],
        ],
        cellE,
      ),
      link(
        'w-p5',
        'net-water',
        'water',
        'service',
        'w-j3',
        'w-h1',
        [
          [0.003, 0],
          [0.003, 0.001],
          [0.003, 0.002],
        ],
        cellE,
        { diameterMm: 100 },
      ),
      link(
        's-c1',
        'net-sewer',
        'sewer',
        'conduit',
        's-m1',
        's-m2',
        [
          [0.002, -0.003],
          [0.004, -0.003],
        ],
        cellE,
        { diameterMm: 800 },
      ),
      link(
        's-c2',
        'net-sewer',
        'sewer',
        'conduit',
        's-m2',
        's-o1',
        [
          [0.004, -0.003],
          [0.006, -0.003],
        ],
        cellE,
        { diameterMm: 1000 },
      ),
    ],
    sensors: [
      {
        id: 'sen-p-j2',
        kind: 'pressure',
        unit: 'kPa',
        name: '世纪大道压力计',
        utility: 'water',
        mount: { type: 'node', id: 'w-j2' },
        position: [CX - 0.001, CY],
        heightM: -1.5,
        thresholds: { lo: 150, hi: 600 },
        reportingIntervalS: 60,
        gridId: cellW,
      },
      {
        id: 'sen-f-p1',
        kind: 'flow',
        unit: 'L/s',
        utility: 'water',
        mount: { type: 'link', id: 'w-p1' },
        position: [CX - 0.005, CY],
        reportingIntervalS: 60,
        gridId: cellW,
      },
      {
        id: 'sen-l-m1',
        kind: 'level',
        unit: 'm',
        utility: 'sewer',
        mount: { type: 'node', id: 's-m1' },
        position: [CX + 0.002, CY - 0.003],
        thresholds: { hi: 2, hihi: 2.5, deadband: 0.1 },
        reportingIntervalS: 300,
        gridId: cellE,
      },
      {
        id: 'sen-rain-1',
        kind: 'rain',
        unit: 'mm/h',
        name: 'Rain gauge Lujiazui',
        position: [CX + 0.004, CY + 0.004],
        reportingIntervalS: 300,
        gridId: cellE,
      },
    ],
    grids: [
      grid('g-district', 'district', '310115', '浦东新区', 'Pudong New Area', null, -0.01, 0.01),
      grid('g-street', 'street', '310115001', '陆家嘴街道', 'Lujiazui Subdistrict', 'g-district', -0.01, 0.01),
      grid('g-community', 'community', '310115001001', '东昌社区', 'Dongchang Community', 'g-street', -0.01, 0.01),
      {
        ...grid(cellW, 'cell', '310115001001-01', '东昌一网格', 'Dongchang Cell 1', 'g-community', -0.01, 0),
        worker: { name: '王芳', phone: '+86 21 5555 0101' },
        crewIds: ['crew-water'],
      },
      {
        ...grid(cellE, 'cell', '310115001001-02', '东昌二网格', 'Dongchang Cell 2', 'g-community', 0, 0.01),
        worker: { name: '李强', phone: '+86 21 5555 0102' },
        crewIds: ['crew-water', 'crew-sewer'],
      },
    ],
    crews: [
      {
        id: 'crew-water',
        utility: 'water',
        name: '浦东供水抢修一队',
        phone: '+86 21 5555 0200',
        base: [CX - 0.008, CY],
      },
      { id: 'crew-sewer', utility: 'sewer', name: '浦东排水养护队', phone: '+86 21 5555 0300' },
    ],
  };
  return CityBundleSchema.parse(input);
}

function node(
  id: string,
  networkId: string,
  utility: 'water' | 'sewer',
  kind: string,
  dx: number,
  dy: number,
  gridId: string | null,
  extra: Record<string, unknown> = {},
) {
  return {
    id,
    networkId,
    utility,
    kind,
    position: [CX + dx, CY + dy] as LonLat,
    groundM: 4,
    invertM: utility === 'sewer' ? 1 : 2.8,
    gridId,
    provenance: SYNTHETIC,
    ...extra,
  } as NonNullable<CityBundleInput['nodes']>[number];
}

function link(
  id: string,
  networkId: string,
  utility: 'water' | 'sewer',
  kind: string,
  fromNodeId: string,
  toNodeId: string,
  offsets: [number, number][],
  gridId: string | null,
  extra: Record<string, unknown> = {},
) {
  return {
    id,
    networkId,
    utility,
    kind,
    fromNodeId,
    toNodeId,
    path: offsets.map(([dx, dy]) => [CX + dx, CY + dy] as LonLat),
    lengthM: 190,
    diameterMm: 300,
    fromInvertM: 2.8,
    toInvertM: 2.7,
    gridId,
    provenance: SYNTHETIC,
    ...extra,
  } as NonNullable<CityBundleInput['links']>[number];
}

/** A grid spanning longitudes `CX+west .. CX+east` and the fixture's whole latitude range. */
function grid(
  id: string,
  level: 'district' | 'street' | 'community' | 'cell',
  code: string,
  name: string,
  nameEn: string,
  parentId: string | null,
  west: number,
  east: number,
) {
  const w = CX + west,
    e = CX + east,
    s = CY - 0.01,
    n = CY + 0.01;
  return {
    id,
    level,
    code,
    name,
    nameEn,
    parentId,
    polygon: [
      [
        [
          [w, s],
          [e, s],
          [e, n],
          [w, n],
          [w, s],
        ],
      ],
    ] as MultiPolygonCoords,
    labelPosition: [(w + e) / 2, CY] as LonLat,
    areaM2: (e - w) * 95_000 * 0.02 * 111_000,
  };
}

/**
 * A synthetic city of any size for timing saves: `buildings` square footprints with addresses, one water network of
 * `nodes` junctions and `links` pipes between consecutive junctions, laid on a lattice around the centre.
 */
export function makeLargeCityBundle(options: {
  cityId?: string;
  buildings: number;
  nodes: number;
  links: number;
  seed?: number;
}): CityBundle {
  const random = new SeededRandom(options.seed ?? 1);
  const side = Math.ceil(Math.sqrt(Math.max(options.buildings, options.nodes)));
  const at = (i: number): LonLat => [
    CX - 0.02 + (i % side) * (0.04 / side),
    CY - 0.02 + Math.floor(i / side) * (0.04 / side),
  ];
  const streets = ['陆家嘴环路', '世纪大道', '银城中路', '东方路', '浦东南路'];
  const input: CityBundleInput = {
    city: {
      id: options.cityId ?? 'large-city',
      name: 'Large',
      center: FIXTURE_CENTER,
      bbox: [CX - 0.02, CY - 0.02, CX + 0.02, CY + 0.02],
      createdAt: 0,
    },
    networks: [{ id: 'net-w', utility: 'water', name: 'water', provenance: SYNTHETIC }],
    buildings: Array.from({ length: options.buildings }, (_, i) => {
      const [lon, lat] = at(i);
      return {
        id: `b-${i}`,
        footprint: squareAt(lon, lat, 0.0001),
        roofHeightM: random.range(6, 120),
        floors: random.int(2, 40),
        address: { street: random.pick(streets), number: String(i + 1) },
        provenance: SYNTHETIC,
      };
    }),
    nodes: Array.from({ length: options.nodes }, (_, i) => ({
      id: `n-${i}`,
      networkId: 'net-w',
      utility: 'water' as const,
      kind: 'junction' as const,
      position: at(i),
      groundM: 4,
      invertM: 4 - random.range(1, 2.5),
      provenance: SYNTHETIC,
    })),
    links: Array.from({ length: options.links }, (_, i) => {
      const from = i % options.nodes,
        to = (i + 1) % options.nodes;
      return {
        id: `l-${i}`,
        networkId: 'net-w',
        utility: 'water' as const,
        kind: 'pipe' as const,
        fromNodeId: `n-${from}`,
        toNodeId: `n-${to}`,
        path: [at(from), at(to)],
        lengthM: 30,
        diameterMm: random.pick([100, 150, 200, 300]),
        fromInvertM: 2,
        toInvertM: 2,
        provenance: SYNTHETIC,
      };
    }),
  };
  return CityBundleSchema.parse(input);
}
