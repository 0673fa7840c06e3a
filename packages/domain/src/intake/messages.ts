/** The SMS texts the hotline sends citizens, signed with the city's SMS signature (【济源12345】). */
import { displayTrackingCode } from './ticket-number'

export const acknowledgementText = (signature: string, ticketNumber: string, trackingCode: string): string =>
  `【${signature}】您的诉求已受理，工单号${ticketNumber}，查询码${displayTrackingCode(trackingCode)}。` +
  '可凭查询码和手机号查询办理进度。'

export const appendedText = (signature: string, ticketNumber: string): string =>
  `【${signature}】您补充的内容已并入工单${ticketNumber}。`

export const surveyText = (signature: string, ticketNumber: string): string =>
  `【${signature}】您反映的问题（工单号${ticketNumber}）已办结。请对本次服务评价：回复1满意 2基本满意 3不满意。`

export const ratingThanksText = (signature: string, ticketNumber: string): string =>
  `【${signature}】感谢您对工单${ticketNumber}的评价。`

/** Replies in WeChat (no SMS signature: the official account is the sender). */
export const wechatReplies = {
  ticket: (ticketNumber: string): string => `您的诉求已受理，工单号${ticketNumber}，我们将尽快办理。`,
  appended: (ticketNumber: string): string => `您补充的内容已并入工单${ticketNumber}。`,
  received: '已收到您的消息。',
  textOnly: '请用文字描述您的诉求，我们将为您受理。',
  welcome: '欢迎关注12345政务服务便民热线。请直接发送文字描述您的诉求，我们将为您受理。',
} as const
