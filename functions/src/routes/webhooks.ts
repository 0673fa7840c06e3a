/**
 * Provider webhooks (SPEC §8): Tencent Cloud SMS reply callbacks, Alibaba Cloud SmsUp batch
 * pushes, and the WeChat message push. Each answers with its provider's expected acknowledgement;
 * each delivery is processed once (see `receiveSms`). Tencent and Alibaba do not sign their
 * callbacks, so their URLs carry a secret `token` we configure at the provider; WeChat signs.
 */
import { randomBytes } from 'node:crypto'
import { wechatReplies } from '@hotline/domain'
import { Hono } from 'hono'
import type { RouteDeps as AppDeps } from '../app'
import { type AuthEnv, allow } from '../auth/middleware'
import { sameSecret } from '../auth/same-secret'
import {
  ALIYUN_ACK,
  type AliyunBatchResult,
  aliyunError,
  InboundPayloadError,
  parseAliyunInbound,
  parseTencentInbound,
  TENCENT_ACK,
  tencentError,
} from '../intake/sms'
import { receiveSms, receiveWeChatText } from '../intake/usecases'
import {
  buildTextReply,
  parseInbound,
  verifyUrl,
  WECHAT_SUCCESS,
  WeChatPayloadError,
  WeChatSignatureError,
} from '../intake/wechat'

async function jsonBody(c: { req: { json(): Promise<unknown> } }): Promise<unknown> {
  try {
    return await c.req.json()
  } catch {
    throw new InboundPayloadError('(body)', 'not valid JSON')
  }
}

export function webhookRoutes(deps: AppDeps) {
  const app = new Hono<AuthEnv>()
  const { webhooks } = deps

  app.post('/webhooks/sms/tencent', allow('webhook'), async (c) => {
    if (!sameSecret(c.req.query('token'), webhooks.smsToken))
      return c.json(tencentError('invalid token'), 401)
    try {
      const sms = parseTencentInbound(await jsonBody(c))
      await receiveSms(deps.intake, sms)
      return c.json(TENCENT_ACK)
    } catch (err) {
      if (err instanceof InboundPayloadError) return c.json(tencentError(err.message), 400)
      throw err
    }
  })

  app.post('/webhooks/sms/aliyun', allow('webhook'), async (c) => {
    if (!sameSecret(c.req.query('token'), webhooks.smsToken)) return c.json(aliyunError('invalid token'), 401)
    let batch: AliyunBatchResult
    try {
      batch = parseAliyunInbound(await jsonBody(c))
    } catch (err) {
      if (err instanceof InboundPayloadError) return c.json(aliyunError(err.message), 400)
      throw err
    }
    // Every good item is stored before we answer; a failure is raised only after the rest were
    // tried, and Aliyun's retry of the batch then finds those done (each delivery is claimed once).
    const failures: unknown[] = []
    for (const sms of batch.messages) {
      await receiveSms(deps.intake, sms).catch((err: unknown) => failures.push(err))
    }
    if (failures.length > 0) throw failures[0]
    if (batch.rejected.length === 0) return c.json(ALIYUN_ACK)
    // A bad item is refused alone: answered as received (a retry could not make it valid, and a
    // non-200 would have Aliyun retry and then drop the whole batch), named in the answer and the log.
    const refused = batch.rejected.map((err) => err.message)
    deps.logger.warn('aliyun batch items refused', { refused, stored: batch.messages.length })
    return c.json({
      ...ALIYUN_ACK,
      msg: `${ALIYUN_ACK.msg}；无效 ${refused.length} 条：${refused.join('; ')}`,
    })
  })

  app.get('/webhooks/wechat', allow('webhook'), (c) => {
    if (!webhooks.wechat) return c.text('WeChat is not configured', 404)
    try {
      return c.text(verifyUrl(webhooks.wechat, c.req.query()))
    } catch (err) {
      if (err instanceof WeChatSignatureError) return c.text('invalid signature', 401)
      throw err
    }
  })

  app.post('/webhooks/wechat', allow('webhook'), async (c) => {
    const config = webhooks.wechat
    if (!config) return c.text('WeChat is not configured', 404)
    const now = deps.now()
    try {
      const inbound = parseInbound(
        config,
        { body: await c.req.text(), contentType: c.req.header('content-type'), query: c.req.query() },
        now,
      )
      let text: string
      if (inbound.msgType === 'text' && inbound.content?.trim()) {
        ;({ reply: text } = await receiveWeChatText(deps.intake, {
          dedupeKey: inbound.dedupeKey,
          openid: inbound.fromUserName,
          text: inbound.content.trim().slice(0, 2000),
        }))
      } else if (inbound.msgType === 'event') {
        if (inbound.event !== 'subscribe') return c.text(WECHAT_SUCCESS)
        text = wechatReplies.welcome
      } else {
        text = wechatReplies.textOnly
      }
      const reply = buildTextReply(config, inbound, text, {
        now,
        nonce: randomBytes(8).toString('hex'),
        random16: randomBytes(16),
      })
      return c.body(reply.body, 200, { 'content-type': reply.contentType })
    } catch (err) {
      if (err instanceof WeChatSignatureError) return c.text('invalid signature', 401)
      if (err instanceof WeChatPayloadError) return c.text(`invalid message: ${err.field}`, 400)
      throw err
    }
  })

  return app
}
