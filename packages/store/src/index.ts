/** The store package: table design, keys, client factory, repositories. Local engine: `@hotline/store/local`. */
export {
  type ClientOptions,
  createDocumentClient,
  createDynamoClient,
  createStore,
  type Engine,
  type Store,
} from './client'
export { assertLocalEndpoint, isLocalEndpoint, NonLocalEndpointError } from './guard'
export { joinKey, type Key, keys } from './keys'
export { checkTable, type TableCheck } from './repos/system'
export { DEFAULT_TABLE_NAME, type IndexName, type TableDesign, tableDesign } from './table'
