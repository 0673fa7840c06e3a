import { describe, expect, it } from 'vitest'
import { EnvError, LambdaEnv, LocalEnv, parseEnv } from '../src/env'

describe('environment', () => {
  it('parses the Lambda environment and defaults the version', () => {
    const env = {
      TABLE_NAME: 't',
      AWS_REGION: 'cn-northwest-1',
      SECRET_ARN: 'arn:secret',
      AUTH_ISSUER: 'https://cognito-idp.cn-northwest-1.amazonaws.com.cn/pool',
      AUTH_CLIENT_IDS: 'a, b',
    }
    expect(parseEnv(LambdaEnv, env)).toEqual({ ...env, APP_VERSION: 'dev', AUTH_CLIENT_IDS: ['a', 'b'] })
  })

  it('fails fast naming every missing variable', () => {
    expect(() => parseEnv(LambdaEnv, {})).toThrow(EnvError)
    expect(() => parseEnv(LambdaEnv, {})).toThrow(/TABLE_NAME[\s\S]*AWS_REGION/)
  })

  it('gives local mode working defaults and honours PORT', () => {
    expect(parseEnv(LocalEnv, {})).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATA_DIR: '.data',
      HOTLINE_IN_MEMORY: false,
    })
    expect(parseEnv(LocalEnv, { PORT: '8080', HOTLINE_IN_MEMORY: 'true' })).toMatchObject({
      PORT: 8080,
      HOTLINE_IN_MEMORY: true,
    })
    expect(() => parseEnv(LocalEnv, { PORT: 'eighty' })).toThrow(/PORT/)
  })
})
