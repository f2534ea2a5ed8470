/**
 * When a Traccar event happened: `eventTime` on Traccar 4.13 and later, `serverTime` before
 * (older servers have no `eventTime`); '' when the event has neither.
 */
export const eventTime = (event: { eventTime?: unknown; serverTime?: unknown }): string =>
  String(event.eventTime ?? event.serverTime ?? '')
