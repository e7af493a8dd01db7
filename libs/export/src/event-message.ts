import type { Frame } from '@auditorium/frames';

import { operationOf } from './export-context';
import type { ExportContext } from './export-context';

/** A one-line human summary of a frame, for `message` / CEF name fields. Never contains payloads. */
export function eventMessage(frame: Frame, ctx: Pick<ExportContext, 'identity' | 'resource'>): string {
  const who = ctx.identity?.name ?? ctx.identity?.sub ?? 'unknown identity';
  const what = ctx.resource?.name ?? 'unknown resource';
  switch (frame.type) {
    case 'session.start':
      return `${who} started a session on ${what}`;
    case 'session.end':
      return `session of ${who} on ${what} ended: ${frame.status}`;
    case 'request':
      return oneLine(`${operationOf(frame.method, frame.meta?.sql) ?? 'request'} ${frame.target ?? ''}`);
    case 'response':
      return oneLine(`response ${frame.status ?? ''} ${frame.target ?? ''}`);
    case 'decision':
      return `access ${decisionVerb(frame.outcome)}${frame.policy ? ` by policy ${frame.policy}` : ''}`;
    case 'input':
      return `input to ${what}`;
    case 'output':
      return `output from ${what}`;
    case 'error':
      return `gateway error on ${what}`;
  }
}

function decisionVerb(outcome: string): string {
  switch (outcome) {
    case 'allow':
      return 'allowed';
    case 'deny':
      return 'denied';
    case 'review.pending':
      return 'pending review';
    case 'review.approved':
      return 'approved on review';
    case 'review.rejected':
      return 'rejected on review';
    default:
      return outcome;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
