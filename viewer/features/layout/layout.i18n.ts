/** Strings of the layout: panel frames, the error box of a failed panel, the phone menu. */
export const layoutEn = {
  'panel.failed': 'The {panel} panel failed; the rest of the viewer works.',
  'panel.retry': 'Retry',
  'panel.collapse': 'Collapse {panel}',
  'panel.expand': 'Expand {panel}',
  'panel.layers': 'layers',
  'panel.inspector': 'inspector',
  'panel.events': 'events',
  'panel.alerts': 'alerts',
  'panel.kpis': 'KPIs',
  'panel.simulation': 'simulation',
  'panel.facility': 'facility',
  'panel.topbar': 'tools',
  'menu.open': 'Menu',
  'menu.close': 'Close menu',
} as const;

export const layoutZh: Record<keyof typeof layoutEn, string> = {
  'panel.failed': '{panel}面板出错；查看器其余部分仍可使用。',
  'panel.retry': '重试',
  'panel.collapse': '收起{panel}',
  'panel.expand': '展开{panel}',
  'panel.layers': '图层',
  'panel.inspector': '属性',
  'panel.events': '事件',
  'panel.alerts': '告警',
  'panel.kpis': '指标',
  'panel.simulation': '模拟',
  'panel.facility': '设施',
  'panel.topbar': '工具',
  'menu.open': '菜单',
  'menu.close': '关闭菜单',
};
