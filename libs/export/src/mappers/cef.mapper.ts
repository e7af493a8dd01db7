import { isIP } from 'node:net';

import type { Frame } from '@auditorium/frames';
import type { SessionSummary, StoredFrame } from '@auditorium/store';

import { eventMessage } from '../event-message';
import { exportContext } from '../export-context';
import { DEFAULT_PRODUCT_VERSION, DEFAULT_VENDOR, PRODUCT_NAME } from '../export-format';
import type { ExportProductOptions } from '../export-format';
import { escapeCefHeader, escapeCefValue } from './cef-escape';

/**
 * The CEF extension keys we write, all from the CEF key dictionary. Custom
 * strings/numbers use the csN/cnN slots with fixed labels.
 */
export const CEF_EXTENSION_KEYS = [
  'rt',
  'externalId',
  'deviceExternalId',
  'cat',
  'act',
  'outcome',
  'suser',
  'suid',
  'src',
  'c6a2',
  'c6a2Label',
  'requestClientApplication',
  'requestMethod',
  'request',
  'destinationServiceName',
  'msg',
  'cs1',
  'cs1Label',
  'cs2',
  'cs2Label',
  'cs3',
  'cs3Label',
  'cs4',
  'cs4Label',
  'cs5',
  'cs5Label',
  'cs6',
  'cs6Label',
  'cn1',
  'cn1Label',
  'cn2',
  'cn2Label',
  'cn3',
  'cn3Label',
] as const;
export type CefExtensionKey = (typeof CEF_EXTENSION_KEYS)[number];

export type CefExtensions = Partial<Record<CefExtensionKey, string | number>>;

/** A CEF event before serialization (for tests and other encoders). */
export interface CefEvent {
  version: 0;
  vendor: string;
  product: string;
  productVersion: string;
  signatureId: string;
  name: string;
  /** 0–10 */
  severity: number;
  extensions: CefExtensions;
}

export type CefMapperOptions = ExportProductOptions;

export function cefMapper(options: CefMapperOptions = {}): (stored: StoredFrame, session?: SessionSummary) => string {
  return (stored, session) => toCefLine(stored, session, options);
}

/** One CEF line (no trailing newline). */
export function toCefLine(stored: StoredFrame, session?: SessionSummary, options: CefMapperOptions = {}): string {
  return formatCef(toCefEvent(stored, session, options));
}

export function formatCef(event: CefEvent): string {
  const header = [
    `CEF:${event.version}`,
    escapeCefHeader(event.vendor),
    escapeCefHeader(event.product),
    escapeCefHeader(event.productVersion),
    escapeCefHeader(event.signatureId),
    escapeCefHeader(event.name),
    String(event.severity),
  ].join('|');
  const parts: string[] = [];
  for (const key of CEF_EXTENSION_KEYS) {
    const value = event.extensions[key];
    if (value === undefined || value === '') continue;
    parts.push(`${key}=${escapeCefValue(String(value))}`);
  }
  return `${header}|${parts.join(' ')}`;
}

export function toCefEvent(stored: StoredFrame, session?: SessionSummary, options: CefMapperOptions = {}): CefEvent {
  const ctx = exportContext(stored, session);
  const frame = stored.frame;
  const ip = ctx.client?.ip;
  const ipVersion = ip ? isIP(ip) : 0;
  const isExchange = frame.type === 'request' || frame.type === 'response';
  const status = frame.type === 'response' ? frame.status : undefined;
  const findings = findingsText(stored.findings);

  const extensions: CefExtensions = {
    rt: ctx.timeMs,
    externalId: ctx.eventId,
    deviceExternalId: ctx.gateway?.id,
    cat: `auditorium/${frame.type}`,
    act: actionOf(frame),
    outcome: outcomeOf(frame),
    suser: ctx.identity ? (ctx.identity.name ?? ctx.identity.sub) : undefined,
    suid: ctx.identity?.sub,
    src: ipVersion === 4 ? ip : undefined,
    c6a2: ipVersion === 6 ? ip : undefined,
    c6a2Label: ipVersion === 6 ? 'Source IPv6 Address' : undefined,
    requestClientApplication: ctx.client?.userAgent,
    requestMethod: isExchange ? frame.method : undefined,
    request: isExchange ? frame.target : undefined,
    destinationServiceName: ctx.resource?.name,
    msg: msgOf(frame),
    cs1: stored.sid,
    cs1Label: 'sessionId',
    cs2: ctx.resource?.type,
    cs2Label: ctx.resource?.type !== undefined ? 'resourceType' : undefined,
    cs3: frame.type === 'decision' ? frame.policy : undefined,
    cs3Label: frame.type === 'decision' && frame.policy !== undefined ? 'policy' : undefined,
    cs4: findings,
    cs4Label: findings !== undefined ? 'maskedInfoTypes' : undefined,
    cs5: stored.hash,
    cs5Label: 'chainHash',
    cs6: 'xid' in frame ? frame.xid : undefined,
    cs6Label: 'xid' in frame && frame.xid !== undefined ? 'exchangeId' : undefined,
    cn1: stored.seq,
    cn1Label: 'seq',
    cn2: status,
    cn2Label: status !== undefined ? 'status' : undefined,
    cn3: stored.bytes,
    cn3Label: 'bytes',
  };

  return {
    version: 0,
    vendor: options.vendor ?? DEFAULT_VENDOR,
    product: PRODUCT_NAME,
    productVersion: options.productVersion ?? DEFAULT_PRODUCT_VERSION,
    signatureId: signatureOf(frame),
    name: eventMessage(frame, ctx),
    severity: severityOf(frame),
    extensions,
  };
}

/** Device Event Class ID: the frame type, decisions with their outcome (`decision:deny`). */
function signatureOf(frame: Frame): string {
  return frame.type === 'decision' ? `decision:${frame.outcome}` : frame.type;
}

function severityOf(frame: Frame): number {
  switch (frame.type) {
    case 'decision':
      return frame.outcome === 'deny' || frame.outcome === 'review.rejected' ? 7 : 3;
    case 'error':
      return 5;
    case 'session.end':
      return frame.status === 'ok' ? 3 : 5;
    case 'response':
      return frame.status !== undefined && frame.status >= 500 ? 5 : 3;
    default:
      return 3;
  }
}

function actionOf(frame: Frame): string {
  switch (frame.type) {
    case 'decision':
      return frame.outcome;
    case 'session.start':
      return 'logon';
    case 'session.end':
      return 'logoff';
    default:
      return frame.type;
  }
}

function outcomeOf(frame: Frame): string | undefined {
  switch (frame.type) {
    case 'session.start':
      return 'success';
    case 'session.end':
      return frame.status === 'ok' ? 'success' : 'failure';
    case 'response':
      return frame.status === undefined ? 'unknown' : frame.status < 400 ? 'success' : 'failure';
    case 'decision':
      if (frame.outcome === 'allow' || frame.outcome === 'review.approved') return 'success';
      if (frame.outcome === 'deny' || frame.outcome === 'review.rejected') return 'failure';
      return 'unknown';
    case 'error':
      return 'failure';
    default:
      return undefined;
  }
}

function msgOf(frame: Frame): string | undefined {
  if (frame.type === 'decision' || frame.type === 'session.end') return frame.reason;
  if (frame.type === 'error') return frame.message;
  return undefined;
}

function findingsText(findings: Record<string, number>): string | undefined {
  const entries = Object.entries(findings);
  if (entries.length === 0) return undefined;
  return entries.map(([type, count]) => `${type}:${count}`).join(';');
}
