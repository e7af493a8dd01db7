// The services the integration tests and local runs need, started together
// (concurrently: Kafka and the search engine each take seconds to boot).
import { envOf, ServiceInfo, ServiceModule, UpOptions } from './service';

export type ServiceName = ServiceInfo['name'];
type ModuleOf<N extends ServiceName> = ServiceModule<Extract<ServiceInfo, { name: N }>>;

// Loaded on demand, so a run that needs only Kafka never loads the engine's
// launcher (and the other way round).
const LOADERS: { [N in ServiceName]: () => Promise<ModuleOf<N>> } = {
  kafka: () => import('./kafka'),
  search: () => import('./search'),
};

export const SERVICE_NAMES = Object.keys(LOADERS) as ServiceName[];

export function service<N extends ServiceName>(name: N): Promise<ModuleOf<N>> {
  return LOADERS[name]();
}

export interface StackResult {
  infos: ServiceInfo[];
  /** Those this call started (not found already running). */
  started: ServiceName[];
  env: Record<string, string>;
}

/**
 * Starts `names` concurrently. When one fails, the ones this call started
 * are stopped again and the first error is thrown.
 */
export async function upAll(names: ServiceName[], options: UpOptions = {}): Promise<StackResult> {
  const modules = await Promise.all(names.map((name) => service(name)));
  const calledAt = Date.now();
  const results = await Promise.allSettled(modules.map((module) => module.up(options)));
  // Decided from what `up` returned, not from a status() taken before: another
  // process may start the service meanwhile, and that one is not ours to stop.
  const ours = (info: ServiceInfo): boolean =>
    options.ownerPid !== undefined
      ? info.ownerPid === options.ownerPid
      : info.ownerPid === undefined && Date.parse(info.startedAt) >= calledAt;
  const started = names.filter((_, i) => {
    const result = results[i];
    return result.status === 'fulfilled' && ours(result.value);
  });
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await downAll(started);
    throw failed.reason;
  }
  const infos = results.map((result) => (result as PromiseFulfilledResult<ServiceInfo>).value);
  const env = Object.assign({}, ...infos.map(envOf)) as Record<string, string>;
  return { infos, started, env };
}

export async function downAll(names: ServiceName[]): Promise<void> {
  const results = await Promise.allSettled(names.map(async (name) => (await service(name)).down()));
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}
