/**
 * Demo mode: the Traccar simulator (src/sim) started inside the app on 127.0.0.1, with its bikes
 * moving, and a sign-in as its demo rider. Nothing in demo mode talks to BikeTrax Cloud.
 */
import type { SessionInfo } from '../shared/contract'
import { DEMO_CREDENTIALS, startSim, type Sim } from '../sim'
import type { AccountService } from './account/account-service'

export class DemoServer {
  private sim: Promise<Sim> | null = null
  private origin: string | null = null

  constructor(private readonly tickMs = 4000) {}

  isDemo = (origin: string): boolean => origin === this.origin

  private start(): Promise<Sim> {
    this.sim ??= startSim({ port: 0, flavor: '6', tickMs: this.tickMs }).then((sim) => {
      this.origin = sim.url
      return sim
    })
    return this.sim
  }

  async signIn(accounts: AccountService): Promise<SessionInfo> {
    const sim = await this.start()
    return accounts.signIn({
      server: sim.url,
      method: 'password',
      email: DEMO_CREDENTIALS.email,
      secret: DEMO_CREDENTIALS.password,
      remember: false,
    })
  }

  async stop(): Promise<void> {
    const sim = await this.sim
    this.sim = null
    this.origin = null
    await sim?.stop()
  }
}
