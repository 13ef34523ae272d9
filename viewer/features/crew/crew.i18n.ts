/** Strings of the crew's task list (phone mode). */
export const crewEn = {
  'tasks.title': 'My tasks',
  'tasks.none': 'No open task for your crew.',
  'tasks.start': 'Start work',
  'tasks.resolve': 'Resolve',
  'tasks.note': 'What was done, or why you hand it back',
  'tasks.photo': 'Photo',
  'tasks.send': 'Send',
  'tasks.back': 'All tasks',
  'tasks.failed': 'Not saved: {error}',
  'tasks.noteNeeded': 'Write what was done first.',
  'tasks.handBack': 'Hand back',
  'tasks.handBackHint': 'Cannot do it? Hand it back with the reason: the duty manager reassigns it.',
  'tasks.reasonNeeded': 'Write why you hand it back first.',
  'tasks.handedBack': 'Handed back to the duty manager.',
} as const;

export const crewZh: Record<keyof typeof crewEn, string> = {
  'tasks.title': '我的任务',
  'tasks.none': '本班组暂无待办任务。',
  'tasks.start': '开始处理',
  'tasks.resolve': '办结',
  'tasks.note': '处理情况或退回原因',
  'tasks.photo': '照片',
  'tasks.send': '提交',
  'tasks.back': '全部任务',
  'tasks.failed': '未保存：{error}',
  'tasks.noteNeeded': '请先填写处理情况。',
  'tasks.handBack': '退回',
  'tasks.handBackHint': '无法处理？填写原因后退回，由值班经理重新派单。',
  'tasks.reasonNeeded': '请先填写退回原因。',
  'tasks.handedBack': '已退回值班经理。',
};
