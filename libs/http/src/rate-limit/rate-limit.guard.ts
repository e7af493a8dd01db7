import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@auditorium/config';
import { MetricsService } from '@auditorium/observability';
import type { AuthedRequest } from '../auth.guard';
import { RateLimitedError } from '../http.errors';
import { APP_CONFIG } from '../tokens';
import { TokenBuckets } from './token-buckets';

/**
 * Global guard after the AuthGuard: one token bucket per verified caller
 * (the token's subject, so minting more tokens buys no more share), so a
 * runaway SIEM poller gets 429 while auditors keep their own share. Requests
 * without a principal (/healthz) are not counted.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly buckets: TokenBuckets;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    this.buckets = new TokenBuckets({ ratePerSecond: config.rateLimit.perSecond, burst: config.rateLimit.burst });
  }

  canActivate(context: ExecutionContext): boolean {
    const principal = context.switchToHttp().getRequest<AuthedRequest>().principal;
    if (!principal || !this.buckets.enabled) return true;
    const taken = this.buckets.take(principal.sub);
    if (taken.ok) return true;
    this.metrics.httpRateLimited.inc();
    throw new RateLimitedError(taken.retryAfterS);
  }
}
