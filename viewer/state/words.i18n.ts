/**
 * Words instead of ids and raw enums (issue "words, not ids"): event categories, titles of events that carry no
 * title template (residents' reports; simulation findings are titled in core/incident/event-title) and the phone's
 * task list. One block, both languages.
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
  'words.reported': '已上报',
  'words.outsideGrids': '网格外',
  'words.sensor': '传感器',
};
