/** Whether this process's Kafka clients are connected; absent when Kafka is not configured. */
export abstract class KafkaReadiness {
  abstract ready(): boolean;
}
