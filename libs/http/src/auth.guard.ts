import { CanActivate, ExecutionContext, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ForbiddenError, hasRole, Principal, Role, TokenVerifier, UnauthenticatedError } from '@auditorium/auth';
import { AccessRecorder } from './access-recorder.service';
import { ANY_ROLE_KEY, PUBLIC_KEY, ROLE_KEY } from './auth.decorators';

export type AuthedRequest = Request & { principal?: Principal };

/**
 * Global guard: every route needs a verified Bearer token unless marked
 * @Public(), and the role named by @RequireRole(). A route with neither
 * marker is refused to everyone but admin, so a forgotten decorator fails closed.
 * A verified caller refused for its role is an invalid access attempt: recorded
 * in the access log (where there is one; the ingester has none). Unverified
 * tokens are not: anyone can send those, and the log would be theirs to fill.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    @Optional() private readonly access?: AccessRecorder,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new UnauthenticatedError('missing bearer token');
    const principal = await this.verifier.verify(match[1]);
    req.principal = principal;
    if (this.reflector.getAllAndOverride<boolean>(ANY_ROLE_KEY, targets)) return true;
    const role = this.reflector.getAllAndOverride<Role>(ROLE_KEY, targets) ?? 'admin';
    if (!hasRole(principal, role)) {
      await this.access?.record(req, 'access.denied', `${req.method} ${req.originalUrl ?? req.url}`, 403);
      throw new ForbiddenError(role);
    }
    return true;
  }
}
