/** The store package: table design, keys, client factory, repositories. Local engine: `@hotline/store/local`. */
export {
  type ClientOptions,
  createDocumentClient,
  createDynamoClient,
  createStore,
  type Engine,
  type Instrument,
  type Store,
} from './client'
export { eachLimited, mapLimited } from './concurrency'
export { decodeCursor, encodeCursor } from './cursor'
export {
  ConflictError,
  CorruptItemError,
  InvalidCursorError,
  isConditionalCheckFailed,
  MissingItemError,
} from './errors'
export { assertLocalEndpoint, isLocalEndpoint, NonLocalEndpointError } from './guard'
export { digestSegment, indexKeys, joinKey, type Key, keys, partitions, recordPrefixes } from './keys'
export { queryItems, queryPages, queryParsed } from './query'
export * from './repos/agents'
export * from './repos/api-keys'
export * from './repos/deductions'
export * from './repos/departments'
export * from './repos/inbound'
export * from './repos/job-runs'
export * from './repos/kpis'
export * from './repos/month-close'
export * from './repos/months'
export * from './repos/outbox'
export * from './repos/payments'
export * from './repos/people'
export * from './repos/rate-limit'
export * from './repos/records'
export * from './repos/search-log'
export * from './repos/sequences'
export { checkTable, type TableCheck } from './repos/system'
export * from './repos/terms'
export * from './repos/tickets'
export * from './repos/tracking'
export { DEFAULT_TABLE_NAME, type IndexName, type TableDesign, tableDesign } from './table'
