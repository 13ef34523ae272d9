/**
 * Words instead of ids and raw enums (issue "words, not ids"): event categories, titles of events that carry no
 * title template (residents' reports, simulation findings) and the phone's task list. One block, both languages.
 */
export const wordsEn = {
  'words.category.alarm': '{kind} alarm',
  'words.category.simulation': 'simulation: {kind}',
  'words.category.digPermit': 'dig permit',
  'words.category.digTask': 'dig-safe coordination',
  'words.sim.burst': 'main burst',
  'words.sim.storm': 'storm',
  'words.sim.gas-leak': 'gas leak',
  'words.title.report': '{category}: {text}',
  'words.title.burstMain': 'Main burst in {place}',
  'words.title.burstCut': 'Water supply cut by a main burst: {place}',
  'words.title.stormOverflow': 'Storm: {count} manholes overflow in {place}',
  'words.title.stormSurcharge': 'Storm: {count} manholes surcharged in {place}',
  'words.title.gasCore': 'Gas leak: evacuate and isolate, {place}',
  'words.title.gasZone': 'Gas leak: buildings in the evacuation zone, {place}',
  'words.reported': 'reported',
  'words.outsideGrids': 'outside the grids',
  'words.sensor': 'sensor',
} as const;

export const wordsZh: Record<keyof typeof wordsEn, string> = {
  'words.category.alarm': '{kind}报警',
  'words.category.simulation': '模拟：{kind}',
  'words.category.digPermit': '挖掘许可',
  'words.category.digTask': '挖掘协调',
  'words.sim.burst': '爆管',
  'words.sim.storm': '暴雨',
  'words.sim.gas-leak': '燃气泄漏',
  'words.title.report': '{category}：{text}',
  'words.title.burstMain': '{place}：供水管爆管',
  'words.title.burstCut': '{place}：爆管导致停水',
  'words.title.stormOverflow': '{place}：暴雨致 {count} 个检查井溢流',
  'words.title.stormSurcharge': '{place}：暴雨致 {count} 个检查井超载',
  'words.title.gasCore': '{place}：燃气泄漏，疏散并隔离',
  'words.title.gasZone': '{place}：燃气泄漏疏散区内的建筑',
  'words.reported': '已上报',
  'words.outsideGrids': '网格外',
  'words.sensor': '传感器',
};
