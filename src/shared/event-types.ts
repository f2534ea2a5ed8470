/**
 * Traccar event types with a line each on what makes them happen (reference: traccar-api.md §4).
 * The ones the BikeTrax integration page names come first, in its order.
 */
export const BIKETRAX_DOCUMENTED_TYPES = [
  'deviceOnline',
  'deviceOffline',
  'deviceMoving',
  'deviceStopped',
  'alarm',
  'geofenceEnter',
  'geofenceExit',
  'ignitionOn',
  'ignitionOff',
] as const

export const EVENT_TYPE_DESCRIPTIONS: Record<string, string> = {
  deviceOnline: 'The bike connected to the cloud.',
  deviceOffline: 'The bike disconnected.',
  deviceMoving: 'The bike started moving.',
  deviceStopped: 'The bike stopped moving.',
  alarm:
    'The bike raised an alarm (vibration, low battery, tampering, …); the kind is in event.attributes.alarm.',
  geofenceEnter: 'The bike entered a geofence; the geofence is included.',
  geofenceExit: 'The bike left a geofence; the geofence is included.',
  ignitionOn: 'Ignition (or motor power) switched on.',
  ignitionOff: 'Ignition (or motor power) switched off.',
  deviceUnknown: 'The connection timed out; the bike’s status is unknown.',
  deviceInactive: 'No data from the bike for the configured period.',
  deviceOverspeed: 'The bike went faster than its speed limit.',
  deviceFuelDrop: 'Fuel level dropped.',
  deviceFuelIncrease: 'Fuel level rose (refuel).',
  commandResult: 'The device answered a command.',
  queuedCommandSent: 'A queued command was delivered to the device.',
  maintenance: 'A maintenance threshold was reached; the maintenance is included.',
  driverChanged: 'The driver (driverUniqueId) changed.',
  media: 'The device sent an image, video or audio.',
  textMessage: 'The device sent a text message.',
  proximityEnter: 'A linked device came within range.',
  proximityExit: 'A linked device went out of range.',
  unaccompaniedMotion: 'Moving without a linked device nearby.',
  geofenceCrossed: 'Crossed a geofence between two fixes.',
}

/** The server's types, BikeTrax-documented first (in the page's order), then the rest as listed. */
export function orderEventTypes(serverTypes: readonly string[]): string[] {
  const documented = BIKETRAX_DOCUMENTED_TYPES.filter((t) => serverTypes.includes(t))
  return [...documented, ...serverTypes.filter((t) => !(documented as readonly string[]).includes(t))]
}
