/**
 * The texture of the demo month: the departments tickets go to and what citizens ask them, the
 * hourly shape of calls and online messages, names, reasons, notes and publication titles.
 */

export type Department = {
  readonly name: string
  /** Share of transferred tickets. */
  readonly weight: number
  /** What citizens ask this department about (the ticket's summary). */
  readonly topics: readonly string[]
}

/** Twelve Jiyuan bureaus and utilities a 12345 ticket is transferred to (转办). */
export const DEPARTMENTS: readonly Department[] = [
  {
    name: '住建局',
    weight: 14,
    topics: ['小区物业服务纠纷', '房屋漏水维修', '老旧小区改造进度', '电梯故障停运'],
  },
  { name: '城管局', weight: 14, topics: ['占道经营', '夜间施工噪音', '垃圾清运不及时', '路灯不亮'] },
  { name: '交通运输局', weight: 8, topics: ['出租车拒载', '公交线路调整建议', '网约车乱收费'] },
  { name: '水务局', weight: 9, topics: ['小区停水', '自来水水压低', '污水井冒水'] },
  { name: '市场监管局', weight: 10, topics: ['食品安全问题', '商家价格欺诈', '预付卡退费难'] },
  { name: '人社局', weight: 10, topics: ['拖欠农民工工资', '社保缴费咨询', '失业金申领'] },
  { name: '教育局', weight: 6, topics: ['校外培训机构退费', '入学政策咨询', '学校周边交通安全'] },
  { name: '卫健委', weight: 6, topics: ['医院服务态度', '医保报销咨询', '诊所无证行医'] },
  { name: '公安局', weight: 7, topics: ['户籍业务办理', '噪音扰民', '车辆违停堵路'] },
  { name: '供电公司', weight: 7, topics: ['小区停电', '电费异常', '电线杆倾斜'] },
  { name: '燃气公司', weight: 5, topics: ['燃气开户', '燃气费缴纳', '燃气表故障'] },
  { name: '自然资源局', weight: 4, topics: ['不动产登记办理', '违法占用耕地', '宅基地审批咨询'] },
]

/** Emergency tickets (应急事件, §4.11): fire, weather disaster, danger to many people. */
export const EMERGENCIES: readonly { topic: string; department: string }[] = [
  { topic: '燃气泄漏，闻到浓烈气味', department: '燃气公司' },
  { topic: '暴雨致道路积水，车辆被困', department: '城管局' },
  { topic: '居民楼外墙脱落，有人员安全隐患', department: '住建局' },
  { topic: '供水主管道爆裂', department: '水务局' },
]

/** Questions answered on the spot, no transfer needed (直接答复). */
export const ANSWERED_ON_THE_SPOT: readonly string[] = [
  '公积金提取政策咨询（当场答复）',
  '不动产登记办理地点咨询（当场答复）',
  '节假日政务大厅办公时间咨询（当场答复）',
  '社保卡补办流程咨询（当场答复）',
  '居住证办理材料咨询（当场答复）',
]

/** Why a department sends a ticket back (回退). */
export const RETURN_REASONS: readonly string[] = [
  '非本单位职责，建议转交属地街道办理',
  '诉求地址不详，无法核实，请补充具体位置',
  '该事项涉及多个部门，请明确主办单位',
  '该事项已进入司法程序，不宜行政处理',
]

/** A department's reply (答复). */
export const REPLY_NOTES: readonly string[] = [
  '已安排工作人员现场核实并处理',
  '已联系市民说明相关政策',
  '问题已整改完毕',
  '已纳入近期维修计划，预计一周内完成',
  '经核查情况属实，已责令整改',
]

/** Hour-of-day weights of calls (peaks 9–11 and 14–16, quiet at night). */
export const CALL_PROFILE: readonly number[] = [
  0.45, 0.3, 0.2, 0.15, 0.15, 0.3, 0.8, 2.2, 5.4, 9.2, 10.2, 8.8, 5.0, 4.6, 8.2, 9.0, 8.1, 6.0, 3.9, 3.4, 3.1,
  2.6, 1.6, 0.95,
]

/** Hour-of-day weights of online messages (SMS, web, WeChat, mini-program): flatter, busy evenings. */
export const ONLINE_PROFILE: readonly number[] = [
  0.8, 0.4, 0.25, 0.2, 0.2, 0.3, 0.8, 2.4, 4.4, 5.8, 6.2, 5.8, 4.6, 4.4, 5.4, 5.8, 5.4, 5.0, 4.6, 5.0, 5.6,
  5.6, 4.0, 2.0,
]

/** Online channels and their shares. */
export const ONLINE_CHANNELS = [
  { channel: 'sms', weight: 15 },
  { channel: 'web', weight: 25 },
  { channel: 'wechat', weight: 35 },
  { channel: 'miniprogram', weight: 25 },
] as const

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红辉鑫婷雪琳晨宇欣怡佳雯浩然子涵思彤梦瑶'

/** A plausible Chinese name from a random source. */
export function personName(next: () => number): string {
  const surname = SURNAMES.charAt(Math.floor(next() * SURNAMES.length))
  const one = GIVEN.charAt(Math.floor(next() * GIVEN.length))
  if (next() < 0.35) return `${surname}${one}`
  return `${surname}${one}${GIVEN.charAt(Math.floor(next() * GIVEN.length))}`
}

export const PUBLICATION_CHANNELS = ['sms', 'weibo', 'wechat', 'website'] as const

/** What the hotline publishes (信息发布): notices, reminders, answers to common questions. */
export const PUBLICATION_TITLES: readonly string[] = [
  '政务服务大厅办公时间调整通知',
  '关于冬季供暖缴费的温馨提示',
  '城区部分路段临时停水通知',
  '医保年度缴费开始的提醒',
  '12345热线本周热点问题解答',
  '居住证办理流程说明',
  '农民工工资支付维权指引',
  '燃气安全使用提示',
  '秋季森林防火宣传',
  '不动产登记“一窗受理”办事指南',
  '城区计划停电公告',
  '预防电信诈骗提醒',
]
