import { SeededRandom } from '../../../core/random/index.js';

/** What GridTwin knows of a district it may meet in a source: its code and names, and streets (街道) to name. */
export interface DistrictInfo {
  code: string;
  name: string;
  nameEn: string;
  /** Short name used in crew names (`浦东供水抢修一队`). */
  short: string;
  streets: readonly (readonly [string, string])[];
}

/**
 * Districts of central Shanghai with their real administrative codes and real subdistrict (街道) names. Which
 * street of the demo covers which ground is generated, not surveyed: the names are realistic, the borders are not.
 */
export const SHANGHAI_DISTRICTS: Readonly<Record<string, DistrictInfo>> = {
  黄浦区: {
    code: '310101',
    name: '黄浦区',
    nameEn: 'Huangpu District',
    short: '黄浦',
    streets: [
      ['外滩街道', 'The Bund Subdistrict'],
      ['南京东路街道', 'East Nanjing Road Subdistrict'],
      ['豫园街道', 'Yuyuan Subdistrict'],
      ['小东门街道', 'Xiaodongmen Subdistrict'],
      ['老西门街道', 'Laoximen Subdistrict'],
      ['半淞园路街道', 'Bansongyuan Road Subdistrict'],
    ],
  },
  虹口区: {
    code: '310109',
    name: '虹口区',
    nameEn: 'Hongkou District',
    short: '虹口',
    streets: [
      ['北外滩街道', 'North Bund Subdistrict'],
      ['四川北路街道', 'North Sichuan Road Subdistrict'],
      ['嘉兴路街道', 'Jiaxing Road Subdistrict'],
      ['欧阳路街道', 'Ouyang Road Subdistrict'],
    ],
  },
  杨浦区: {
    code: '310110',
    name: '杨浦区',
    nameEn: 'Yangpu District',
    short: '杨浦',
    streets: [
      ['大桥街道', 'Daqiao Subdistrict'],
      ['定海路街道', 'Dinghai Road Subdistrict'],
      ['平凉路街道', 'Pingliang Road Subdistrict'],
    ],
  },
  浦东新区: {
    code: '310115',
    name: '浦东新区',
    nameEn: 'Pudong New Area',
    short: '浦东',
    streets: [
      ['陆家嘴街道', 'Lujiazui Subdistrict'],
      ['潍坊新村街道', 'Weifang Xincun Subdistrict'],
      ['洋泾街道', 'Yangjing Subdistrict'],
      ['塘桥街道', 'Tangqiao Subdistrict'],
      ['浦兴路街道', 'Puxing Road Subdistrict'],
      ['金杨新村街道', 'Jinyang Xincun Subdistrict'],
      ['东明路街道', 'Dongming Road Subdistrict'],
    ],
  },
};

/** A district of unknown name gets a code in the unused range 310190-310199 and numbered street names. */
export function districtInfo(name: string, nameEn: string | undefined, ordinal: number): DistrictInfo {
  const known = SHANGHAI_DISTRICTS[name];
  if (known) return known;
  return {
    code: String(310190 + (ordinal % 10)),
    name,
    nameEn: nameEn ?? name,
    short: name.replace(/(新区|区)$/, ''),
    streets: [],
  };
}

/**
 * Community (社区) names in the style of each district, with pinyin; `*` is the shared pool for districts without
 * a list of their own and for overflow.
 */
const COMMUNITY_NAMES: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  浦东新区: [
    ['梅园', 'Meiyuan'],
    ['东园', 'Dongyuan'],
    ['崂山', 'Laoshan'],
    ['松山', 'Songshan'],
    ['福山', 'Fushan'],
    ['源深', 'Yuanshen'],
    ['竹园', 'Zhuyuan'],
    ['浦城', 'Pucheng'],
    ['滨江', 'Binjiang'],
    ['文登', 'Wendeng'],
    ['乳山', 'Rushan'],
    ['招远', 'Zhaoyuan'],
    ['昌邑', 'Changyi'],
    ['即墨', 'Jimo'],
    ['南泉', 'Nanquan'],
    ['东昌', 'Dongchang'],
    ['银城', 'Yincheng'],
    ['明珠', 'Mingzhu'],
    ['商城', 'Shangcheng'],
    ['花园石桥', 'Huayuan Shiqiao'],
    ['潍坊', 'Weifang'],
    ['张杨', 'Zhangyang'],
    ['峨山', 'Eshan'],
    ['浦明', 'Puming'],
  ],
  黄浦区: [
    ['金陵', 'Jinling'],
    ['宁波路', 'Ningbo Road'],
    ['福州路', 'Fuzhou Road'],
    ['云南', 'Yunnan'],
    ['贵州', 'Guizhou'],
    ['九江', 'Jiujiang'],
    ['汉口', 'Hankou'],
    ['虎丘', 'Huqiu'],
    ['圆明园', 'Yuanmingyuan'],
    ['北京东', 'Beijing East'],
    ['天潼', 'Tiantong'],
    ['中山东', 'Zhongshan East'],
  ],
  虹口区: [
    ['提篮桥', 'Tilanqiao'],
    ['长治', 'Changzhi'],
    ['瑞康里', 'Ruikangli'],
    ['海门', 'Haimen'],
    ['唐山', 'Tangshan'],
    ['霍山', 'Huoshan'],
    ['舟山', 'Zhoushan'],
    ['大连', 'Dalian'],
    ['武昌', 'Wuchang'],
    ['东长治', 'Dongchangzhi'],
  ],
  杨浦区: [
    ['惠民', 'Huimin'],
    ['杨树浦', 'Yangshupu'],
    ['许昌', 'Xuchang'],
    ['通北', 'Tongbei'],
    ['荆州', 'Jingzhou'],
    ['平凉', 'Pingliang'],
  ],
  '*': [
    ['东方', 'Dongfang'],
    ['泰东', 'Taidong'],
    ['新华', 'Xinhua'],
    ['和平', 'Heping'],
    ['朝阳', 'Chaoyang'],
    ['光明', 'Guangming'],
    ['幸福', 'Xingfu'],
    ['春晖', 'Chunhui'],
    ['锦绣', 'Jinxiu'],
    ['安居', 'Anju'],
    ['康乐', 'Kangle'],
    ['振兴', 'Zhenxing'],
  ],
};

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁沈任姚卢钟';
const GIVEN_NAMES = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '华',
  '平',
  '刚',
  '桂英',
  '文',
  '辉',
  '建华',
  '海燕',
  '晓东',
  '志强',
  '玉兰',
  '春梅',
  '国庆',
  '建国',
  '丹',
  '婷',
  '斌',
  '鑫',
  '浩',
  '宇',
  '欣怡',
  '子涵',
  '佳颖',
  '俊杰',
  '雪梅',
  '立新',
  '卫东',
  '红霞',
  '美玲',
  '家豪',
  '思远',
  '晨',
];

/** Pinyin of SURNAMES, letter for letter (`Chen`), for the English names of the demo's people. */
const SURNAMES_EN =
  'Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Zheng Liang Xie Song Tang Xu Han Feng Deng Cao Peng Zeng Xiao Tian Dong Yuan Pan Jiang Cai Yu Du Ye Cheng Wei Su Lyu Ding Shen Ren Yao Lu Zhong'.split(
    ' ',
  );

/** Pinyin of each of GIVEN_NAMES, in the same order. */
const GIVEN_NAMES_EN: Readonly<Record<string, string>> = {
  伟: 'Wei',
  芳: 'Fang',
  娜: 'Na',
  敏: 'Min',
  静: 'Jing',
  丽: 'Li',
  强: 'Qiang',
  磊: 'Lei',
  洋: 'Yang',
  艳: 'Yan',
  勇: 'Yong',
  军: 'Jun',
  杰: 'Jie',
  娟: 'Juan',
  涛: 'Tao',
  明: 'Ming',
  超: 'Chao',
  秀英: 'Xiuying',
  华: 'Hua',
  平: 'Ping',
  刚: 'Gang',
  桂英: 'Guiying',
  文: 'Wen',
  辉: 'Hui',
  建华: 'Jianhua',
  海燕: 'Haiyan',
  晓东: 'Xiaodong',
  志强: 'Zhiqiang',
  玉兰: 'Yulan',
  春梅: 'Chunmei',
  国庆: 'Guoqing',
  建国: 'Jianguo',
  丹: 'Dan',
  婷: 'Ting',
  斌: 'Bin',
  鑫: 'Xin',
  浩: 'Hao',
  宇: 'Yu',
  欣怡: 'Xinyi',
  子涵: 'Zihan',
  佳颖: 'Jiaying',
  俊杰: 'Junjie',
  雪梅: 'Xuemei',
  立新: 'Lixin',
  卫东: 'Weidong',
  红霞: 'Hongxia',
  美玲: 'Meiling',
  家豪: 'Jiahao',
  思远: 'Siyuan',
  晨: 'Chen',
};

/**
 * Seeded source of the demo's fictional people and names: community names without repeats, Chinese personal names,
 * and phone numbers `1380000xxxx` without repeats. Every number it gives is fictional (it belongs to no one known
 * to GridTwin); the `1380000` block marks them as demo numbers.
 */
export class DemoNamer {
  private readonly communities = new Map<string, (readonly [string, string])[]>();
  private readonly root: SeededRandom;
  private readonly phones: number[];
  private readonly people: SeededRandom;
  private readonly used = new Set<string>();
  private phoneIndex = 0;

  constructor(seed: number) {
    const root = new SeededRandom(seed);
    this.root = root;
    this.phones = shuffle(
      Array.from({ length: 10_000 }, (_, i) => i),
      root.fork('phones'),
    );
    this.people = root.fork('people');
  }

  /**
   * The next unused community name `[zh, en]` for a district (`['梅园', 'Meiyuan']`): the district's own names in
   * seeded order, then the shared pool, then numbered repeats.
   */
  nextCommunity(districtName: string): readonly [string, string] {
    let pool = this.communities.get(districtName);
    if (!pool) {
      const own = COMMUNITY_NAMES[districtName] ?? [];
      pool = [
        ...shuffle([...own], this.root.fork(`communities:${districtName}`)),
        ...shuffle([...COMMUNITY_NAMES['*']!], this.root.fork(`communities:*:${districtName}`)),
      ];
      this.communities.set(districtName, pool);
    }
    for (let round = 1; ; round++) {
      for (const [zh, en] of pool) {
        const name: readonly [string, string] = round === 1 ? [zh, en] : [`${zh}${round}`, `${en} ${round}`];
        if (!this.used.has(name[0])) {
          this.used.add(name[0]);
          return name;
        }
      }
    }
  }

  /** A fictional person's name, e.g. `陈建华`, and in English (pinyin, surname first: `Chen Jianhua`). */
  person(): { name: string; nameEn: string } {
    const surnames = [...SURNAMES];
    const surname = this.people.pick(surnames);
    const given = this.people.pick(GIVEN_NAMES);
    return { name: surname + given, nameEn: `${SURNAMES_EN[surnames.indexOf(surname)]} ${GIVEN_NAMES_EN[given]}` };
  }

  /** A fictional mobile number `1380000xxxx`, unique for the first 10,000 calls. */
  phone(): string {
    const n = this.phones[this.phoneIndex++ % this.phones.length]!;
    return `1380000${String(n).padStart(4, '0')}`;
  }
}

function shuffle<T>(items: T[], random: SeededRandom): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Chinese ordinal for crew numbers (一, 二, ...). */
export function chineseOrdinal(n: number): string {
  const digits = '零一二三四五六七八九十';
  return n <= 10 ? digits[n]! : String(n);
}
