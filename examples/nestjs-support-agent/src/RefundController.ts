import { Body, Controller, Post } from '@nestjs/common';
import type { Refund } from './PaymentGateway.js';
import { SupportAgent } from './SupportAgent.js';

/** What a client sends to ask for a refund. */
export interface RefundRequest {
  readonly customerId: string;
  readonly amountUsd: number;
}

/** The HTTP surface: the controller calls the governed agent; BraneModule answers denials and approvals. */
@Controller('refunds')
export class RefundController {
  constructor(private readonly agent: SupportAgent) {}

  @Post()
  refund(@Body() body: RefundRequest): Promise<Refund> {
    return this.agent.refundCustomer(body.customerId, body.amountUsd);
  }
}
