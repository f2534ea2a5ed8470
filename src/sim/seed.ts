/**
 * The demo world: a demo rider with three bikes around Innsbruck and a "Home" geofence, plus the
 * users every sign-in path needs (2FA, readonly, disabled, expired, manager, admin).
 */
import { traccarDate } from './flavor'
import type { Json, SimEvent, SimState, SimUser } from './state'

/** The 2FA user's TOTP secret (base32), so tests and the demo can compute codes. */
export const DEMO_TOTP_KEY = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
/** 4.12 servers sign in with the user's `token` field. */
export const DEMO_LEGACY_TOKEN = 'demo-legacy-token-4-12'

/** The demo bikes' service plan, sent with `maintenance` events. */
export const DEMO_MAINTENANCE_ID = 1

export const DEMO_CREDENTIALS = { email: 'demo@example.com', password: 'demo' }

export const SEED_USERS = {
  admin: { id: 1, email: 'admin@example.com', password: 'admin' },
  demo: { id: 2, email: 'demo@example.com', password: 'demo' },
  totp: { id: 3, email: 'totp@example.com', password: 'totp' },
  readonly: { id: 4, email: 'readonly@example.com', password: 'readonly' },
  disabled: { id: 5, email: 'disabled@example.com', password: 'disabled' },
  expired: { id: 6, email: 'expired@example.com', password: 'expired' },
  manager: { id: 7, email: 'manager@example.com', password: 'manager' },
  rider1: { id: 8, email: 'rider1@example.com', password: 'rider1' },
  rider2: { id: 9, email: 'rider2@example.com', password: 'rider2' },
} as const

const HOME = { latitude: 47.2654, longitude: 11.3927 }

export function seed(state: SimState): void {
  const legacy = !state.traits.signedTokens
  const addUser = (values: Json, password: string, extra: Partial<SimUser> = {}): void => {
    const json = state.makeUserJson(values)
    state.users.set(json.id as number, {
      json,
      password,
      webNotifications: new Set(),
      managedUserIds: new Set(),
      ...extra,
    })
  }
  const u = SEED_USERS
  addUser(
    { id: u.admin.id, name: 'Administrator', email: u.admin.email, administrator: true, userLimit: -1 },
    u.admin.password,
  )
  addUser(
    {
      id: u.demo.id,
      name: 'Demo Rider',
      email: u.demo.email,
      latitude: HOME.latitude,
      longitude: HOME.longitude,
      zoom: 13,
      attributes: {
        speedUnit: 'kmh',
        timezone: 'Europe/Vienna',
        fcmTokensBikeTrax: ['demo-push-token-1'],
        mapLineWidth: 4,
        'ui.disableMaintenance': true,
        // Characters an HTML-escaping server changes, so the effect shows (docs/traccar-facts.md).
        bikeNote: 'Trek & "Cube" <e-bikes>',
      },
      ...(legacy ? { token: DEMO_LEGACY_TOKEN } : {}),
    },
    u.demo.password,
    { webNotifications: new Set(['alarm', 'geofenceEnter', 'geofenceExit']) },
  )
  addUser(
    {
      id: u.totp.id,
      name: 'Two-Factor Rider',
      email: u.totp.email,
      ...(state.traits.totp ? { totpKey: DEMO_TOTP_KEY } : {}),
    },
    u.totp.password,
  )
  addUser(
    { id: u.readonly.id, name: 'Readonly Rider', email: u.readonly.email, readonly: true },
    u.readonly.password,
  )
  addUser(
    { id: u.disabled.id, name: 'Disabled Rider', email: u.disabled.email, disabled: true },
    u.disabled.password,
  )
  addUser(
    {
      id: u.expired.id,
      name: 'Expired Rider',
      email: u.expired.email,
      expirationTime: traccarDate(state.now() - 86_400_000),
    },
    u.expired.password,
  )
  addUser(
    { id: u.manager.id, name: 'Fleet Manager', email: u.manager.email, userLimit: 10 },
    u.manager.password,
    {
      managedUserIds: new Set([u.rider1.id, u.rider2.id]),
    },
  )
  addUser({ id: u.rider1.id, name: 'Rider One', email: u.rider1.email }, u.rider1.password)
  addUser({ id: u.rider2.id, name: 'Rider Two', email: u.rider2.email }, u.rider2.password)

  state.geofences.set(1, {
    id: 1,
    name: 'Home',
    description: 'Garage',
    ...HOME,
    radius: 150,
    ownerIds: [u.demo.id],
  })
  state.geofences.set(2, {
    id: 2,
    name: 'Office & "Shop" <2F>',
    description: null,
    latitude: 47.2627,
    longitude: 11.3945,
    radius: 120,
    ownerIds: [u.demo.id],
  })

  state.maintenances.set(DEMO_MAINTENANCE_ID, {
    id: DEMO_MAINTENANCE_ID,
    attributes: {},
    name: 'Chain & brakes',
    type: 'totalDistance',
    start: 0.0,
    period: 1_000_000.0,
  })

  const bikes: [
    number,
    string,
    string,
    number[],
    { latitude: number; longitude: number },
    'online' | 'offline',
  ][] = [
    [10, "Anna's Trekking", '4710100001', [u.demo.id], HOME, 'online'],
    [11, 'City Commuter', '4710100002', [u.demo.id], { latitude: 47.2685, longitude: 11.3933 }, 'online'],
    [12, 'Mountain E-Bike', '4710100003', [u.demo.id], { latitude: 47.2855, longitude: 11.3987 }, 'offline'],
    [13, 'Shop Loaner', '4710100004', [u.readonly.id], { latitude: 47.2606, longitude: 11.4001 }, 'offline'],
    [14, 'Secure Cargo', '4710100005', [u.totp.id], { latitude: 47.2668, longitude: 11.4104 }, 'online'],
    [
      15,
      'Team Bike',
      '4710100006',
      [u.rider1.id, u.manager.id],
      { latitude: 47.2702, longitude: 11.3861 },
      'online',
    ],
  ]
  for (const [id, name, uniqueId, ownerIds, at, status] of bikes) {
    state.devices.set(id, {
      id,
      name,
      uniqueId,
      status,
      lastUpdate: null,
      positionId: 0,
      category: 'bicycle',
      model: 'BikeTrax',
      attributes: {},
      ownerIds,
    })
    state.addPosition(id, {
      ...at,
      speed: 0,
      course: 0,
      attributes: { batteryLevel: 80 + (id % 7), motion: false, ignition: false },
    })
    state.devices.get(id)!.status = status
  }
  seedHistory(state)
}

/** A day of past events for the demo bikes, so reports have something to show. */
function seedHistory(state: SimState): void {
  const now = state.now()
  const day: [number, string, number, Json?][] = [
    [23.5, 'deviceOnline', 10],
    [23.4, 'ignitionOn', 10],
    [23.4, 'deviceMoving', 10],
    [23.3, 'geofenceExit', 10, { geofence: 1 }],
    [22.9, 'geofenceEnter', 10, { geofence: 2 }],
    [22.8, 'deviceStopped', 10],
    [22.8, 'ignitionOff', 10],
    [14.1, 'deviceOnline', 11],
    [14.0, 'deviceMoving', 11],
    [13.2, 'alarm', 11, { alarm: 'vibration' }],
    [13.0, 'deviceStopped', 11],
    [9.5, 'deviceOffline', 12],
    [6.2, 'alarm', 12, { alarm: 'lowBattery' }],
    [3.0, 'geofenceExit', 10, { geofence: 2 }],
    [2.6, 'geofenceEnter', 10, { geofence: 1 }],
  ]
  let id = 1
  const history: SimEvent[] = day.map(([hoursAgo, type, deviceId, extra]) => {
    const device = state.devices.get(deviceId)!
    const hasPosition = !type.startsWith('device') || type === 'deviceMoving' || type === 'deviceStopped'
    return {
      id: id++,
      type,
      deviceId,
      time: now - hoursAgo * 3_600_000,
      positionId: hasPosition ? device.positionId : 0,
      geofenceId: typeof extra?.geofence === 'number' ? extra.geofence : 0,
      maintenanceId: 0,
      attributes: typeof extra?.alarm === 'string' ? { alarm: extra.alarm } : {},
    }
  })
  state.events.push(...history)
}
