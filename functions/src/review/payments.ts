/**
 * Recording the agency's payment of an instalment (contract §2): one per quarter, by an agency
 * reviewer, with who and when; a quarter the schedule does not have, a date before the contract
 * took effect or after today is refused naming the field. A second record of a quarter is a 409.
 */
import {
  type ContractTerms,
  FenSchema,
  LocalDateSchema,
  localDateOf,
  paymentSchedule,
  type Quarter,
} from '@hotline/domain'
import { recordPayment, type Store } from '@hotline/store'
import { z } from 'zod'
import { BadRequestError } from '../problems'

export const PaymentInput = z.object({
  quarter: z.number().int().min(1).max(4),
  paidOn: LocalDateSchema,
  amountFen: FenSchema,
})
export type PaymentInput = z.infer<typeof PaymentInput>

type RecordedPayment = PaymentInput & { recordedBy: string; recordedAt: string }

export async function recordQuarterPayment(
  deps: { store: Store; terms: ContractTerms; now: () => Date },
  input: PaymentInput,
  by: string,
): Promise<RecordedPayment> {
  const now = deps.now()
  if (!paymentSchedule(deps.terms).some((i) => i.quarter === (input.quarter as Quarter))) {
    throw new BadRequestError('quarter', `the contract schedules no instalment for quarter ${input.quarter}`)
  }
  if (input.paidOn < deps.terms.contract.effective) {
    throw new BadRequestError('paidOn', `before the contract took effect (${deps.terms.contract.effective})`)
  }
  if (input.paidOn > localDateOf(now)) {
    throw new BadRequestError('paidOn', 'a payment is recorded once made, not ahead of its date')
  }
  const recorded = { ...input, recordedBy: by, recordedAt: now.toISOString() }
  await recordPayment(deps.store, recorded)
  return recorded
}
