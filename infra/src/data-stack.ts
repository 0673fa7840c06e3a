/**
 * The stateful stack: the table and its customer-managed key. Nothing here is replaced
 * by a deploy of code: retained on delete, deletion-protected, point-in-time recovery on.
 */
import { tableDesign } from '@hotline/store/table'
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib'
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb'
import { Key } from 'aws-cdk-lib/aws-kms'
import type { Construct } from 'constructs'

const attributeType = (type: 'S' | 'N') => (type === 'S' ? AttributeType.STRING : AttributeType.NUMBER)

export class DataStack extends Stack {
  readonly table: TableV2
  readonly key: Key

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props)
    this.key = new Key(this, 'DataKey', {
      description:
        '12345 hotline: encrypts the operations table (citizen phone numbers, records, deductions)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    this.table = new TableV2(this, 'Table', {
      partitionKey: {
        name: tableDesign.partitionKey.name,
        type: attributeType(tableDesign.partitionKey.type),
      },
      sortKey: { name: tableDesign.sortKey.name, type: attributeType(tableDesign.sortKey.type) },
      globalSecondaryIndexes: tableDesign.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey.name, type: attributeType(index.partitionKey.type) },
        sortKey: { name: index.sortKey.name, type: attributeType(index.sortKey.type) },
      })),
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: tableDesign.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    })
  }
}
