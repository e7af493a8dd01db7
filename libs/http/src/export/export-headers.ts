/**
 * Response headers of GET /api/v1/export/events. The body is nothing but
 * events in the requested format; where to continue travels in headers, which
 * the server can send because it reads the (bounded) page before answering.
 */
export const EXPORT_HEADERS = {
  /** cursor naming the last event of this response: pass it as `cursor` to continue (absent: nothing delivered yet) */
  nextCursor: 'Auditorium-Next-Cursor',
  /** `true`: the response stopped at its limit, ask again at once; `false`: caught up, poll later */
  more: 'Auditorium-More',
  /** events in this response */
  events: 'Auditorium-Events',
} as const;
