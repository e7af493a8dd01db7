import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { FrameBatchService } from './frame-batch.service';
import { FRAMES_BATCH_PATTERN } from './kafka-batch.transport';
import type { KafkaBatchResult, KafkaFrameBatch } from './kafka-frame-batch';

/** The Kafka handler: one chunk of frames in, one use case, the verdict out (the transport commits). */
@Controller()
export class FramesController {
  constructor(private readonly batches: FrameBatchService) {}

  @MessagePattern(FRAMES_BATCH_PATTERN)
  handle(@Payload() batch: KafkaFrameBatch): Promise<KafkaBatchResult> {
    return this.batches.handle(batch);
  }
}
