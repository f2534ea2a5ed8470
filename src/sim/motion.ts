/**
 * The clock that makes the demo bikes live: each tick moves one bike one step through
 * offline → online → moving → stopped, with geofence crossings and the odd alarm.
 */
import type { SimDevice, SimState } from './state'

/** mulberry32: small, fast, seedable, so a seeded run is repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ALARMS = ['vibration', 'lowBattery', 'movement', 'tampering']

export class Motion {
  private moving = new Set<number>()
  private cursor = 0

  constructor(
    private readonly state: SimState,
    private readonly random: () => number,
    private readonly deviceIds: number[],
  ) {}

  tick(): void {
    if (!this.deviceIds.length) return
    const id = this.deviceIds[this.cursor++ % this.deviceIds.length]!
    const device = this.state.devices.get(id)
    if (device) this.step(device)
  }

  private step(device: SimDevice): void {
    const { state } = this
    const r = this.random()
    if (device.status !== 'online') {
      state.setDeviceStatus(device, 'online')
      state.addEvent({ type: 'deviceOnline', deviceId: device.id })
      return
    }
    if (this.moving.has(device.id)) {
      if (r < 0.25) {
        this.moving.delete(device.id)
        const p = this.move(device, 0)
        state.addEvent({ type: 'deviceStopped', deviceId: device.id, positionId: p.id })
        state.addEvent({ type: 'ignitionOff', deviceId: device.id, positionId: p.id })
      } else {
        this.move(device, 8 + this.random() * 6)
      }
      return
    }
    if (r < 0.55) {
      this.moving.add(device.id)
      const p = this.move(device, 6)
      state.addEvent({ type: 'ignitionOn', deviceId: device.id, positionId: p.id })
      state.addEvent({ type: 'deviceMoving', deviceId: device.id, positionId: p.id })
    } else if (r < 0.7) {
      const p = state.positions.get(device.positionId)
      const alarm = ALARMS[Math.floor(this.random() * ALARMS.length)]!
      state.addEvent({ type: 'alarm', deviceId: device.id, positionId: p?.id ?? 0, attributes: { alarm } })
    } else if (r < 0.8) {
      state.setDeviceStatus(device, 'offline')
      state.addEvent({ type: 'deviceOffline', deviceId: device.id })
    }
  }

  /** A new position ~speed·20 m away, with geofence enter/exit events when the fix crosses one. */
  private move(device: SimDevice, speedKnots: number) {
    const { state } = this
    const last = state.positions.get(device.positionId)
    const course = this.random() * 360
    const meters = speedKnots * 20
    const lat = (last?.latitude ?? 47.2654) + (meters * Math.cos((course * Math.PI) / 180)) / 111_320
    const lon = (last?.longitude ?? 11.3927) + (meters * Math.sin((course * Math.PI) / 180)) / 75_500
    const before = new Set(last?.geofenceIds ?? [])
    const p = state.addPosition(device.id, {
      latitude: Number(lat.toFixed(6)),
      longitude: Number(lon.toFixed(6)),
      speed: Number(speedKnots.toFixed(1)),
      course: Number(course.toFixed(1)),
      attributes: {
        batteryLevel: 70 + Math.floor(this.random() * 30),
        motion: speedKnots > 0,
        ignition: speedKnots > 0,
      },
    })
    const after = new Set(p.geofenceIds ?? [])
    for (const g of after)
      if (!before.has(g))
        state.addEvent({ type: 'geofenceEnter', deviceId: device.id, positionId: p.id, geofenceId: g })
    for (const g of before)
      if (!after.has(g))
        state.addEvent({ type: 'geofenceExit', deviceId: device.id, positionId: p.id, geofenceId: g })
    return p
  }
}
